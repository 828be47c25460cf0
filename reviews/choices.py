"""Choices of the review domain, defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class FlagKind(models.TextChoices):
    OVERDUE = "overdue", gettext_noop("Overdue")
    DUE_SOON = "due_soon", gettext_noop("Due soon")
    NEVER_REVIEWED = "never_reviewed", gettext_noop("Never reviewed")
    CHANGED_SINCE_REVIEW = "changed_since_review", gettext_noop("Changed since review")
    WITHDRAWAL_CANDIDATE = "withdrawal_candidate", gettext_noop("Withdrawal candidate")
    TRIGGER = "trigger", gettext_noop("Trigger")
    # The code predates accounts: the flag says that no assigned reviewer can sign (no account,
    # account or profile inactive, or credentials expired).
    REVIEWER_CREDENTIALS_EXPIRED = (
        "reviewer_credentials_expired",
        gettext_noop("No assigned reviewer can sign"),
    )
    READER_REPORT = "reader_report", gettext_noop("Reader report")
    # A translation whose source went live with a clinical change since the source revision
    # it was translated from (cms.translations).
    TRANSLATION_OUTDATED = "translation_outdated", gettext_noop("Translation outdated")


_FLAG_ORDER = {kind: n for n, kind in enumerate(FlagKind.values)}


def flag_kind_order(kind: str) -> int:
    """Where flags of ``kind`` come in an article's list of flags: the order of ``FlagKind``
    (unknown kinds last). The review page and the report list flags alike."""
    return _FLAG_ORDER.get(kind, len(_FLAG_ORDER))


# Kinds whose open flags carry their article's next review due (``ReviewFlag.due_on``), so that
# an index on the flags gives them in due order: few articles have them, and they sit together
# far along the due order (past every never-reviewed and overdue article), where a walk of the
# review state's due index would reach them only after most of the library.
FLAGS_IN_DUE_ORDER = frozenset({FlagKind.DUE_SOON})


class SignOffMeaning(models.TextChoices):
    # Translated: public pages in another language print a signature's meaning in it.
    APPROVED = "approved", _("Approved as medically accurate")
    REVIEWED_NO_CHANGE = "reviewed_no_change", _("Reviewed – no changes needed")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    IMPORTED = "imported", _("Imported from an existing sheet")


# The meanings that count towards a revision's review (a request for changes does not).
APPROVING_MEANINGS = (
    SignOffMeaning.APPROVED,
    SignOffMeaning.REVIEWED_NO_CHANGE,
    SignOffMeaning.IMPORTED,
)
# The meanings a reviewer may choose when signing in Recheck (imported ones come from sheets).
REVIEWER_MEANINGS = (
    SignOffMeaning.APPROVED,
    SignOffMeaning.REVIEWED_NO_CHANGE,
    SignOffMeaning.CHANGES_REQUESTED,
)


# Flags a completed review settles at once (the scan would resolve them on its next run).
SETTLED_BY_REVIEW = (
    FlagKind.OVERDUE,
    FlagKind.DUE_SOON,
    FlagKind.NEVER_REVIEWED,
    FlagKind.CHANGED_SINCE_REVIEW,
    FlagKind.WITHDRAWAL_CANDIDATE,
    FlagKind.TRIGGER,
)


class AuditAction(models.TextChoices):
    REVISION_SAVED = "revision_saved", "Revision saved"
    SIGNED = "signed", "Signed off"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    WENT_LIVE = "went_live", "Went live"
    REVIEWER_ASSIGNED = "reviewer_assigned", "Reviewer assigned"
    REVIEWER_UNASSIGNED = "reviewer_unassigned", "Reviewer unassigned"
    POLICY_CHANGED = "policy_changed", "Review policy changed"
    SENT_TO_REVIEW = "sent_to_review", "Sent to review"
    ARTICLE_WITHDRAWN = "article_withdrawn", "Article withdrawn"
    ARTICLE_RESTORED = "article_restored", "Article restored"
    FLAG_DISMISSED = "flag_dismissed", "Flag dismissed"
    FLAG_RESOLVED = "flag_resolved", "Flag resolved"
    FLAG_REOPENED = "flag_reopened", "Flag reopened"
    FLAG_CHANGED = "flag_changed", "Flag note changed"
    REVIEWER_ADDED = "reviewer_added", "Reviewer profile added"
    REVIEWER_CHANGED = "reviewer_changed", "Reviewer profile changed"
    ROLE_GRANTED = "role_granted", "Role granted"
    ROLE_REVOKED = "role_revoked", "Role revoked"
    ACCOUNT_ACTIVATED = "account_activated", "Account activated"
    ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
    SIGNATURE_IMPORTED = "signature_imported", "Signature imported"
    IMPORT_CONFLICT = "import_conflict", "Import saved as a pending revision"
    REVIEWER_INVITED = "reviewer_invited", "Reviewer invited to set up an account"
    INVITATION_ACCEPTED = "invitation_accepted", "Reviewer invitation accepted"
    READER_REPORT_ASSIGNED = "reader_report_assigned", "Reader report assigned"
    READER_REPORT_NOTED = "reader_report_noted", "Note added to a reader report"
    READER_REPORT_CLOSED = "reader_report_closed", "Reader report closed"
    READER_REPORT_REOPENED = "reader_report_reopened", "Reader report reopened"


class BulkAction(models.TextChoices):
    """What a list's bulk actions can do to the ticked articles."""

    ASSIGN = "assign", "Assign a reviewer"
    SEND_TO_REVIEW = "send_to_review", "Send to review"
    WITHDRAW = "withdraw", "Withdraw"


class NotificationKind(models.TextChoices):
    DIGEST = "digest", "Daily review digest"
    ESCALATION = "escalation", "Escalation"
    READER_REPORT = "reader_report", "Reader report"


class ReportStatus(models.TextChoices):
    """Where a reader's report stands in triage."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CloseReason(models.TextChoices):
    """Why a reader's report was closed."""

    FIXED = "fixed", "Fixed"
    NO_CHANGE = "no_change", "No change needed"
    SPAM = "spam", "Spam"


class EventKind(models.TextChoices):
    FDA_APPROVAL = "fda_approval", "FDA approval"
    BOXED_WARNING = "boxed_warning", "Boxed warning"
    SAFETY_COMMUNICATION = "safety_communication", "Safety communication"
    WITHDRAWAL = "withdrawal", "Withdrawal or recall"
    CLASS_I_RECALL = "class_i_recall", "Class I recall"
    CLASS_II_RECALL = "class_ii_recall", "Class II recall"
    LABEL_CHANGE = "label_change", "Label change"
    GUIDELINE_CHANGE = "guideline_change", "Guideline change"
    OTHER = "other", "Other"
