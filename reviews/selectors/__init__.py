"""Read queries of the review domain that more than one caller needs."""

# One module per concept; import from here.
from reviews.selectors.dashboard import (
    AGING_BUCKETS,
    flag_trend,
    most_overdue_reviewers,
    most_overdue_topics,
    overdue_aging,
    review_forecast,
)
from reviews.selectors.due_windows import (
    DUE_WINDOW_KEYS,
    DUE_WINDOWS,
    falling_due_in,
    in_due_window,
    most_urgent_first,
)
from reviews.selectors.flag_reasons import (
    FlagReason,
    article_flag_reasons,
    flag_reason,
    open_flag_reasons,
    reasons_for_flags,
)
from reviews.selectors.flags import (
    open_flag_counts,
    open_flags_of,
)
from reviews.selectors.history import (
    audit_trail,
    editorial_revisions,
)
from reviews.selectors.reviewers import (
    Workload,
    review_queue,
    reviewer_workload,
    reviewers_named,
)
from reviews.selectors.scope import (
    articles_in_scope,
    in_scope_q,
)
from reviews.selectors.signers import (
    CreditedReviewer,
    ReviewerName,
    Signature,
    approving_signatures,
    article_signers,
    changes_requested,
    credited_reviewers,
    credited_signers,
    reviewed_articles,
    signatures_of,
)

__all__ = [
    "FlagReason",
    "article_flag_reasons",
    "flag_reason",
    "open_flag_reasons",
    "reasons_for_flags",
    "AGING_BUCKETS",
    "DUE_WINDOWS",
    "DUE_WINDOW_KEYS",
    "ReviewerName",
    "Signature",
    "Workload",
    "approving_signatures",
    "article_signers",
    "articles_in_scope",
    "audit_trail",
    "changes_requested",
    "credited_signers",
    "CreditedReviewer",
    "credited_reviewers",
    "reviewed_articles",
    "falling_due_in",
    "in_due_window",
    "most_urgent_first",
    "editorial_revisions",
    "flag_trend",
    "in_scope_q",
    "most_overdue_reviewers",
    "most_overdue_topics",
    "open_flag_counts",
    "open_flags_of",
    "overdue_aging",
    "review_forecast",
    "review_queue",
    "reviewer_workload",
    "reviewers_named",
    "signatures_of",
]
