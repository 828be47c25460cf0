"""What the review domain does when content changes: every new article gets its review state,
and revisions are audited and rescanned (cms never imports reviews)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from cms.models import EDITABLE_CHANGE_KINDS, Article, ChangeKind
from cms.signals import revision_published, revision_saved
from reviews.choices import AuditAction
from reviews.models import ClinicalEvent
from reviews.services import accounts  # noqa: F401  (connects the role and account audit)
from reviews.services.audit import record_event
from reviews.services.mentions import link_hand_entered_event, record_mentions
from reviews.services.policies import start_review_state
from reviews.services.rescan import rescan_on_commit


@receiver(revision_saved, sender=Article)
def audit_revision_saved(sender, article, revision, kind, user, **kwargs):
    record_event(
        action=AuditAction.REVISION_SAVED,
        at=revision.history_date,
        actor=user,
        article=article,
        revision=revision,
        change_kind=kind,
        detail=f"{ChangeKind(kind).label}: {revision.history_change_reason}",
    )


@receiver(revision_published, sender=Article)
def audit_revision_published(sender, article, revision, at, actor, **kwargs):
    record_event(
        action=AuditAction.WENT_LIVE,
        at=at,
        actor=actor,
        article=article,
        revision=revision,
        detail=f"Revision {revision.history_id} is now live.",
    )


@receiver(revision_published, sender=Article)
def drug_mentions_of_the_live_text(sender, article, revision, **kwargs):
    """The drugs the new live text names, stored for the scan's trigger flags."""
    record_mentions(article_id=article.pk, revision_id=revision.history_id, text=article.live_text)


@receiver(revision_published, sender=Article)
def rescan_translations_when_the_source_goes_live(sender, article, revision, **kwargs):
    """A source going live may carry a clinical change its translations lack (the published
    revision can be an editorial one on top of a substantive one): rescan them once it commits,
    and the scan's rule (``cms.translations``) decides ``translation_outdated``."""
    rescan_on_commit(article.translations.values_list("pk", flat=True))


@receiver(post_save, sender=ClinicalEvent)
def hand_entered_events_join_the_vocabulary(sender, instance, raw=False, **kwargs):
    """An event typed in (admin, API, events file, demo) matches through the same mentions as
    imported ones: its term and synonyms become names of a drug (imported events have a
    ``source_key`` and their concept already)."""
    if not raw and instance.source_key is None:
        link_hand_entered_event(instance)


@receiver(revision_saved, sender=Article)
def rescan_after_an_edit(sender, article, revision, kind, user, **kwargs):
    """An editor's change can raise or settle flags: rescan that article once it commits."""
    if kind in EDITABLE_CHANGE_KINDS:
        rescan_on_commit([article.pk])


@receiver(post_save, sender=Article)
def review_state_for_new_articles(sender, instance, created, raw=False, **kwargs):
    """Every article has its review state from the transaction that creates it, whatever the
    route (workspace, importer, shell, fixtures carry their own rows)."""
    if created and not raw:
        start_review_state(instance)
