"""What this app writes: pledges announced at a ceremony (through the ledger's record_pledge),
pledges imported from a file, reminders sent."""
