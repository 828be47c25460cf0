from datetime import date

import pytest
from django.db import IntegrityError, transaction

from reviews.models import AppendOnlyError, ReviewFlag, ReviewPolicy, SignOff
from tests.factories import ArticleFactory, ReviewFlagFactory, sign

pytestmark = pytest.mark.django_db


def test_only_one_open_flag_per_article_and_kind():
    flag = ReviewFlagFactory(kind="overdue")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFlag.objects.create(article=flag.article, kind="overdue", raised_on=date(2026, 2, 1))


def test_a_resolved_flag_does_not_block_a_new_open_one():
    flag = ReviewFlagFactory(kind="overdue", resolved_on=date(2026, 1, 5))
    ReviewFlag.objects.create(article=flag.article, kind="overdue", raised_on=date(2026, 2, 1))
    ReviewFlag.objects.create(article=flag.article, kind="due_soon", raised_on=date(2026, 2, 1))
    assert flag.article.flags.filter(resolved_on__isnull=True).count() == 2


def test_sign_offs_cannot_be_changed_or_deleted():
    signoff = sign(ArticleFactory(), on=date(2025, 5, 1))
    signoff.comment = "edited afterwards"
    with pytest.raises(AppendOnlyError):
        signoff.save()
    with pytest.raises(AppendOnlyError):
        signoff.delete()
    with pytest.raises(AppendOnlyError):
        SignOff.objects.filter(pk=signoff.pk).update(comment="edited afterwards")
    with pytest.raises(AppendOnlyError):
        SignOff.objects.filter(pk=signoff.pk).delete()
    assert SignOff.objects.get(pk=signoff.pk).comment == ""


def test_the_migration_creates_the_three_policies_with_standard_as_default():
    policies = {
        p.name: (
            p.interval_months,
            p.review_window_days,
            p.withdrawal_after_months,
            p.required_signoffs,
        )
        for p in ReviewPolicy.objects.all()
    }
    assert policies == {
        "Standard": (24, 60, 60, 1),
        "Medication & fast-moving": (12, 60, 60, 1),
        "Evergreen": (36, 60, 60, 1),
    }
    assert ReviewPolicy.objects.get(is_default=True).name == "Standard"


def test_only_one_policy_can_be_the_default():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewPolicy.objects.create(
            name="Other", interval_months=6, withdrawal_after_months=12, is_default=True
        )


def test_withdrawal_cannot_come_before_the_due_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewPolicy.objects.create(name="Odd", interval_months=24, withdrawal_after_months=12)
