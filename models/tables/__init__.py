"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from models.tables.audit import AuditEvent
from models.tables.comment import Comment, Disposition
from models.tables.directive import Directive
from models.tables.draft import DraftVersion, Section
from models.tables.event import ReactionRun, StoredEvent
from models.tables.follow_up import (
    Briefing,
    DonDocLetter,
    FollowUpPlan,
    ReportFigure,
    ReportFile,
    ReportPeriod,
    ReportReminder,
    ReviewReport,
    UnitReport,
)
from models.tables.grassroots import GrassrootsReport
from models.tables.grouping import CommentGroup, CommentGroupMember
from models.tables.letters import LetterCopies, Signer, UnitGroup
from models.tables.outbox import OutboxMessage
from models.tables.register import RegisterCounter, RegisterEntry, Term
from models.tables.reply import ReplyFile
from models.tables.round import Conference, Invitation, Round
from models.tables.setup import SetupMark
from models.tables.signing import Signing
from models.tables.unit import Unit
from models.tables.user import ApiToken, LoginAttempt, User

__all__ = [
    "UnitReport",
    "ReviewReport",
    "ReportReminder",
    "ReportPeriod",
    "ReportFile",
    "ReportFigure",
    "FollowUpPlan",
    "DonDocLetter",
    "Briefing",
    "ApiToken",
    "AuditEvent",
    "Comment",
    "CommentGroup",
    "CommentGroupMember",
    "Conference",
    "Directive",
    "Disposition",
    "DraftVersion",
    "GrassrootsReport",
    "Invitation",
    "LetterCopies",
    "LoginAttempt",
    "OutboxMessage",
    "ReactionRun",
    "RegisterCounter",
    "RegisterEntry",
    "ReplyFile",
    "Round",
    "Section",
    "SetupMark",
    "Signer",
    "Signing",
    "StoredEvent",
    "Term",
    "Unit",
    "UnitGroup",
    "User",
]
