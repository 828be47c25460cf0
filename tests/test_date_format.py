"""One date format in the interface: M/D/YYYY as the sheets print it, times with their zone;
exports and the API keep ISO 8601."""

import re
from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from cms.templatetags.cms_tags import short_date, short_datetime, us_date, us_datetime
from reviews.models import ClinicalEvent
from reviews.services.digests import build_digests
from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    UserFactory,
    assign,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)
from tests.reviews.views.test_flag_labels import visible_text as _text


def visible_text(page: str) -> str:
    """What a reader sees: without scripts (the JSON-LD's dates are ISO, as schema.org asks)."""
    return _text(re.sub(r"<script\b.*?</script>", " ", page, flags=re.S))


pytestmark = pytest.mark.django_db
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_the_filters_and_djangos_own_formats_agree():
    day = date(2023, 10, 1)
    assert us_date(day) == formats.date_format(day) == "10/1/2023"
    moment = timezone.make_aware(datetime(2026, 1, 5, 15, 4))
    assert us_datetime(moment) == "1/5/2026 3:04 PM EST"
    assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == us_datetime(moment)


def test_templates_write_dates_as_the_active_language_does():
    day, moment = date(2023, 10, 1), timezone.make_aware(datetime(2026, 1, 5, 15, 4))
    assert short_date(day) == us_date(day) and short_datetime(moment) == us_datetime(moment)
    with translation.override("es"):
        assert short_date(day) == "1/10/2023"
        assert short_datetime(moment) == "5/1/2026 15:04 EST"


@pytest.fixture
def library():
    today = timezone.localdate()
    admin = UserFactory(username="ada", role="Content admins", is_superuser=True, is_staff=True)
    owner = editor_account()
    reviewer = reviewer_account()
    sheet = ArticleFactory(
        slug="leukemia",
        owner=owner,
        body=[{"type": "paragraph", "text": "Your doctor may suggest revumenib."}],
    )
    assign(sheet, reviewer)
    sign(sheet, on=date(2023, 10, 1), reviewer=reviewer)
    ClinicalEvent.objects.create(term="Revumenib", event_date=date(2024, 11, 15), kind="other")
    scan_reviews(as_of=today)
    build_digests(as_of=today, at=at_nine(today))
    return {"admin": admin, "owner": owner, "reviewer": reviewer.user, "sheet": sheet}


PAGES = [
    ("owner", "cms:workspace-articles", ()),
    ("owner", "cms:article-history", ("leukemia",)),
    ("owner", "cms:article-edit", ("leukemia",)),
    ("owner", "reviews:notifications", ()),
    ("reviewer", "reviews:queue", ()),
    ("reviewer", "reviews:review", ("leukemia",)),
    ("admin", "reviews:home", ()),
    ("admin", "reviews:reports", ()),
    ("admin", "reviews:report-review-status", ()),
    ("admin", "reviews:report-workload", ()),
    ("admin", "reviews:audit", ()),
    ("admin", "admin:reviews_reviewflag_changelist", ()),
    ("admin", "admin:reviews_signoff_changelist", ()),
]


@pytest.mark.parametrize("who, name, args", PAGES)
def test_no_staff_page_shows_an_iso_date(library, who, name, args):
    client = Client()
    client.force_login(library[who])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert not ISO_DATE.findall(text), ISO_DATE.findall(text)[:5]


def test_the_admin_prints_dates_the_same_way(library):
    client = Client()
    client.force_login(library["admin"])
    page = client.get(reverse("admin:reviews_reviewflag_changelist")).content.decode()
    assert us_date(timezone.localdate()) in visible_text(page)  # raised_on, not "Nov. 25, 2026"


def test_public_pages_print_the_sheet_format(library):
    page = Client().get(reverse("cms:article-detail", args=["leukemia"])).content.decode()
    assert "Date Last Reviewed: 10/1/2023" in visible_text(page)
    assert not ISO_DATE.findall(visible_text(page))
