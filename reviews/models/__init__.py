"""The review domain's models, one module per concept; import them from here."""

from reviews.models.article_review import ArticleReview
from reviews.models.drugs import DrugConcept, DrugMention, DrugName, LabelVersion, NameKind
from reviews.models.events import ClinicalEvent
from reviews.models.flags import FlagSnapshot, ReaderReport, ReaderReportNote, ReviewFlag
from reviews.models.invitations import ReviewerInvitation
from reviews.models.notifications import Notification, Reminder
from reviews.models.policies import ReviewPolicy
from reviews.models.record import (
    AppendOnlyError,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    AuditEvent,
    ChainedQuerySet,
    ChainedRecord,
    SignOff,
    chain_constraints,
)
from reviews.models.reports import ReportSnapshot
from reviews.models.reviewers import ArticleReviewer, Reviewer, ReviewerQuerySet, can_sign_q

__all__ = [
    "AppendOnlyError",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "ArticleReview",
    "ArticleReviewer",
    "AuditEvent",
    "ChainedQuerySet",
    "ChainedRecord",
    "ClinicalEvent",
    "DrugConcept",
    "DrugMention",
    "DrugName",
    "FlagSnapshot",
    "LabelVersion",
    "NameKind",
    "Notification",
    "Reminder",
    "ReaderReport",
    "ReaderReportNote",
    "ReportSnapshot",
    "ReviewFlag",
    "ReviewPolicy",
    "Reviewer",
    "ReviewerInvitation",
    "ReviewerQuerySet",
    "SignOff",
    "can_sign_q",
    "chain_constraints",
]
