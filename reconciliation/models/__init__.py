from .decisions import Decision, DecisionAction, NotDonationReason
from .lines import QUEUE_STATES, LineState, StatementLine
from .sources import FeedKind, FeedSource, ImportStatus, SavedColumnMapping, StatementImport
from .uploads import StatementUpload, UploadStatus

__all__ = [
    "QUEUE_STATES",
    "Decision",
    "DecisionAction",
    "FeedKind",
    "FeedSource",
    "ImportStatus",
    "LineState",
    "NotDonationReason",
    "SavedColumnMapping",
    "StatementImport",
    "StatementLine",
    "StatementUpload",
    "UploadStatus",
]
