"""What the public sees of the ledger: totals, statement, honour roll, check-my-gift."""
