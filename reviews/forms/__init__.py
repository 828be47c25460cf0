"""Forms of the review screens, one module per concern; the names are imported here too."""

from reviews.forms.lists import MAX_BULK_ARTICLES, ArticleSlugsField, BulkActionForm, WithdrawalForm
from reviews.forms.reader_reports import (
    AssignReportForm,
    CloseReportForm,
    DismissFlagForm,
    ReaderReportForm,
    ReportFilterForm,
    ReportNoteForm,
)
from reviews.forms.reports import AuditFilterForm, PolicyChoiceField, ReviewStatusFilterForm
from reviews.forms.reviewers import (
    MAX_REVIEWERS,
    REVIEWER_HELP,
    AcceptInvitationForm,
    AssignReviewersForm,
    InviteReviewerForm,
    ReassignForm,
    ReviewerField,
    ReviewerPageForm,
)
from reviews.forms.signoff import SignOffForm

__all__ = [
    "AcceptInvitationForm",
    "ArticleSlugsField",
    "AssignReportForm",
    "AssignReviewersForm",
    "AuditFilterForm",
    "BulkActionForm",
    "CloseReportForm",
    "DismissFlagForm",
    "InviteReviewerForm",
    "MAX_BULK_ARTICLES",
    "MAX_REVIEWERS",
    "PolicyChoiceField",
    "REVIEWER_HELP",
    "ReaderReportForm",
    "ReassignForm",
    "ReportFilterForm",
    "ReportNoteForm",
    "ReviewStatusFilterForm",
    "ReviewerField",
    "ReviewerPageForm",
    "SignOffForm",
    "WithdrawalForm",
]
