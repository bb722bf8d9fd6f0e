"""Bank statements and transfer feeds read into clean, typed lines.

Pure Python, no models: reconciliation's imports, feeds and queue are built on top of
`parse_statement` (files) and `feeds` (SePay/Casso webhooks), both of which yield
`StatementLine`s that go through the same dedupe keys and the same matching.
"""

from reconciliation.statements.errors import StatementError
from reconciliation.statements.formats import ParseResult, parse_statement
from reconciliation.statements.lines import StatementLine, dedupe_key, fingerprint
from reconciliation.statements.mapping import ColumnMapping

__all__ = [
    "ColumnMapping",
    "ParseResult",
    "StatementError",
    "StatementLine",
    "dedupe_key",
    "fingerprint",
    "parse_statement",
]
