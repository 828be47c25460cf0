"""Each article's review state: its policy and the dates derived from its sign-offs.

Kept in a narrow table of its own, one row per article, away from the article's text: the
dates are rewritten in bulk (every scan of a changed policy, every completed review), and on
``cms_article`` each such write also rewrote the trigram index over the live text.
"""

from django.db import models


class ArticleReview(models.Model):
    """The review state of one article. The dates are derived from sign-offs and the policy by
    ``reviews.services.review_dates``, never set by hand; ``last_reviewed_on`` by sign-off."""

    article = models.OneToOneField(
        "cms.Article", on_delete=models.CASCADE, primary_key=True, related_name="review"
    )
    policy = models.ForeignKey(
        "reviews.ReviewPolicy",
        on_delete=models.PROTECT,
        related_name="article_reviews",
        db_index=False,  # reviews_state_policy_day leads with it
    )
    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    review_window_opens_on = models.DateField(null=True, blank=True, db_index=True)
    withdrawal_due_on = models.DateField(null=True, blank=True, db_index=True)

    # The report's and the queues' due order, never reviewed first, is the index
    # reviews_state_due_nulls_first (migration 0016: NULLS FIRST needs raw SQL on PostgreSQL).

    class Meta:
        verbose_name = "article review state"
        permissions = [
            (
                "view_published",
                "Can read published articles and their live revisions (publishing API)",
            ),
            ("withdraw_article", "Can withdraw articles from the public and restore them"),
        ]
        indexes = [
            # The scans' range on a policy's review days (refresh_review_dates).
            models.Index(fields=["policy", "last_reviewed_on"], name="reviews_state_policy_day"),
        ]

    def __str__(self):
        return f"Review state of article {self.article_id}"
