"""Reports for content admins: the dashboard (and queueing a scan now), the review-status
report (with CSV and JSON downloads), reviewer workload with bulk reassignment, editorial
edits made without review, and translations behind their source.
"""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.diff import diff_of
from cms.models import HistoricalArticle
from cms.permissions import require_perm, safe_next
from reviews import selectors
from reviews.charts import bar_chart, line_chart
from reviews.choices import FlagKind
from reviews.forms import ReassignForm
from reviews.models import ReportSnapshot, Reviewer
from reviews.reports import review_status as report
from reviews.reports import translations as translations_report
from reviews.reports.columns import Cells, headers
from reviews.reports.export import iter_csv, iter_json
from reviews.reports.review_status_filter import (
    ReviewStatusFilter,
    editor_suggestions,
    reviewer_suggestions,
)
from reviews.selectors.translations import (
    article_languages,
    language_version_rows,
    language_versions_of,
)
from reviews.services.assignments import AssignmentRefused, eligible_reviewers
from reviews.services.bulk import bulk_actions_context
from reviews.services.queueing import send_quietly
from reviews.services.reassign import reassign_articles
from reviews.services.report_snapshot import compute_report_figures
from reviews.tasks import scan_reviews_task

PAGE_SIZE = 50
DOWNLOADS = {
    "csv": (iter_csv, "text/csv; charset=utf-8"),
    "json": (iter_json, "application/json"),
}


@require_perm("reviews.view_reports")
def dashboard(request):
    """The open-flag totals live (each links to the report it counts); the charts and lists as
    of today's full scan (stored with it), or computed live when there is none for today. Each
    bar links to the list of the articles it counts."""
    today = timezone.localdate()
    snapshot = ReportSnapshot.objects.filter(day=today).first()
    if snapshot is not None:
        figures, as_of_text = snapshot.figures, snapshot.computed_at
    else:
        figures, as_of_text = compute_report_figures(as_of=today), None
    trend = selectors.flag_trend(as_of=today)
    forecast = [(date.fromisoformat(m), n) for m, n in figures["forecast"]]
    return render(
        request,
        "reviews/reports/dashboard.html",
        {
            "today": today,
            "computed_at": as_of_text,
            "flag_counts": selectors.open_flag_counts(),
            "aging": bar_chart(_aging_bars(figures["aging"])),
            "forecast": bar_chart(
                [(formats.date_format(m, "M"), n, _due_month_url(m)) for m, n in forecast]
            ),
            "forecast_span": (forecast[0][0], forecast[-1][0]) if forecast else None,
            "trend": line_chart([(formats.date_format(d, "M j"), n) for d, n in trend]),
            "trend_rows": trend,
            "topics": figures["topics"],
            "reviewers": figures["reviewers"],
        },
    )


def _aging_bars(aging: list) -> list[tuple[str, int, str]]:
    buckets = selectors.AGING_BUCKETS
    return [(label, n, _aging_url(b)) for (label, n), b in zip(aging, buckets, strict=True)]


def _aging_url(bucket: tuple[int, int | None]) -> str:
    """The review-status report of the overdue articles an aging bar counts."""
    low, high = bucket
    query = f"?flag=overdue&min_days={low}" + (f"&max_days={high}" if high else "")
    return reverse("reviews:report-review-status") + query


def _due_month_url(month: date) -> str:
    """The editors' list of the reviews a forecast bar counts (falling due that month)."""
    return reverse("cms:workspace-articles") + f"?due_month={month:%Y-%m}"


@require_POST
@require_perm("reviews.view_auditevent")
def run_scan(request):
    """Queue a full review scan now (content admins)."""
    if send_quietly(scan_reviews_task):
        messages.success(request, _("The review scan is queued; flags update in a moment."))
    else:
        messages.error(
            request,
            _(
                "The task queue cannot be reached right now, so the scan was not queued. "
                "The daily scan will catch up; nothing was lost."
            ),
        )
    return redirect(safe_next(request, default=reverse("reviews:home")))


@require_perm("reviews.view_reports")
def review_status(request):
    """Every article with an open flag: filters, sort links and pages from the report's one
    declaration (``reviews.reports.review_status``), and downloads of every matching row."""
    today = timezone.localdate()
    filters = ReviewStatusFilter(request.GET, as_of=today)
    context = {"filters": filters, "form": filters.form, "title": report.TITLE, "page": None,
               "fields_key": _fields_key(request, filters)}  # fmt: skip
    if not filters.is_valid():
        return render(request, "reviews/reports/review_status.html", context)
    sort = filters.chosen_sort
    download = request.GET.get("format")
    if download in DOWNLOADS:
        rows = report.review_status_rows(articles=filters.qs, as_of=today, sort=sort, stream=True)
        return _download(rows, report.COLUMNS, name="review-status", fmt=download)
    rows = report.review_status_rows(articles=filters.qs, as_of=today, sort=sort)
    page = UncountedPage(rows, number=request.GET.get("page"), size=PAGE_SIZE)
    bulk = bulk_actions_context(request.user)
    query = request.GET.copy()
    for key in ("page", "sort", "format"):
        query.pop(key, None)
    context.update(
        page=page,
        sort=sort,
        filter_query=query.urlencode(),
        query=_with(request, "page"),
        headers=headers(report.COLUMNS, sort=sort),
        table=_review_status_table(page.object_list, tick_boxes=bool(bulk["actions"])),
        **bulk,
    )
    return render(request, "reviews/reports/review_status.html", context)


def _fields_key(request, filters) -> str:
    """What the filter fields' HTML depends on, which the page caches under it (rendering
    them, with their labels, values and errors, took about 2 ms of every page): the filters
    in the query (not the page or the sort, which the fields do not show), the language and
    the policies the policy field lists. The field keeps the policies it read here, so
    rendering it reads them no more (a comprehension: list() would COUNT first)."""
    field = filters.form.fields["policy"]
    field.widget.choices = [choice for choice in field.choices]
    policies = [str(label) for _, label in field.widget.choices]
    return "\x1f".join([get_language(), _without(request, "page", "sort", "format"), *policies])


@require_perm("reviews.view_reports")
def translations(request):
    """Each source article with language versions, and which versions are behind it: a fixed
    number of queries a page (the sources, their versions, the count, the languages)."""
    filters = translations_report.TranslationFilter(request.GET)
    context = {"form": filters.form, "title": translations_report.TITLE, "page": None}
    if filters.is_valid():
        download = request.GET.get("format")
        if download in DOWNLOADS:
            return _download(
                language_version_rows(**filters.chosen), translations_report.COLUMNS,
                name="translations", fmt=download,
            )  # fmt: skip
        page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        sources = list(page.object_list)
        versions = language_versions_of(sources=sources, **filters.chosen)
        page.object_list = [(source, versions[source.pk]) for source in sources]
        context.update(page=page, query=_with(request, "page"),
                       filter_query=_without(request, "page", "format"))  # fmt: skip
    return render(request, "reviews/reports/translations.html", context)


# The lists the report filters suggest (``<datalist data-names>``), by the name the page asks.
NAME_LISTS = {
    "reviewers": reviewer_suggestions,
    "editors": editor_suggestions,
    "languages": article_languages,
}


@require_perm("reviews.view_reports")
@require_GET
def report_names(request):
    """One list of names a report filter suggests, as JSON (``{"names": [...]}``). The pages
    carry empty datalists that ``reviews/names.js`` fills from here the first time a field that
    uses one gets the focus, so a page does not query and carry every name each time (1.9 ms
    of a report page at 1M articles with 3,000 reviewers)."""
    source = NAME_LISTS.get(request.GET.get("list", ""))
    if source is None:
        lists = ", ".join(NAME_LISTS)
        return JsonResponse({"error": f"Ask for list= one of: {lists}."}, status=400)
    return JsonResponse({"names": source()})


def _download(rows, columns, *, name: str, fmt: str) -> StreamingHttpResponse:
    iterate, content_type = DOWNLOADS[fmt]
    response = StreamingHttpResponse(iterate(rows, columns), content_type=content_type)
    today = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{today}.{fmt}"'
    return response


@require_perm("reviews.view_reports")
def workload(request):
    today = timezone.localdate()
    eligible = eligible_reviewers(as_of=today)
    form = ReassignForm(request.POST or None, eligible=eligible)
    if request.method == "POST":
        if not request.user.has_perm("reviews.reassign_reviewers"):
            messages.error(request, _("You may view the workload but not reassign reviewers."))
            return redirect("reviews:report-workload")
        if form.is_valid():
            try:
                moved = reassign_articles(
                    from_reviewer=form.cleaned_data["from_reviewer"],
                    to_reviewer=form.cleaned_data["to_reviewer"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    at=timezone.now(),
                )
            except AssignmentRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    ngettext("%(count)s article moved.", "%(count)s articles moved.", moved)
                    % {"count": moved},
                )
                return redirect("reviews:report-workload")
    page = Paginator(Reviewer.objects.order_by("full_name", "credentials"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    loads = selectors.reviewer_workload(
        reviewer_ids=[reviewer.pk for reviewer in page.object_list], as_of=today
    )
    page.object_list = [(reviewer, loads[reviewer.pk]) for reviewer in page.object_list]
    stranded = selectors.open_flags_of(FlagKind.REVIEWER_CREDENTIALS_EXPIRED)
    return render(
        request,
        "reviews/reports/workload.html",
        {
            "page": page,
            "form": form,
            "today": today,
            "query": "",
            "stranded": stranded[:100],
            "stranded_count": stranded.count(),
        },
    )


@require_perm("reviews.view_reports")
def unreviewed_edits(request):
    page = Paginator(selectors.editorial_revisions(), 20).get_page(request.GET.get("page"))
    signed = HistoricalArticle.objects.in_bulk(
        [revision.signed_base_id for revision in page.object_list if revision.signed_base_id],
        field_name="history_id",
    )
    edits = []
    for revision in page.object_list:
        before = signed.get(revision.signed_base_id)
        edits.append(
            (
                revision,
                diff_of(before, revision),
            )
        )
    return render(
        request,
        "reviews/reports/unreviewed_edits.html",
        {"page": page, "edits": edits, "query": ""},
    )


class UncountedPage:
    """A page of a large queryset (or anything sliceable) without a COUNT(*): it fetches one
    row more than it shows to know whether a next page exists. Quacks like Django's Page for
    ``_pagination.html``. Page numbers past MAX_PAGE (an offset no database accepts as a
    64-bit integer, or no library has) give an empty page, not an error."""

    MAX_PAGE = 10**9

    def __init__(self, queryset, *, number, size: int):
        try:
            self.number = min(max(int(number or 1), 1), self.MAX_PAGE)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.object_list = rows[:size]
        self._has_next = len(rows) > size
        self.paginator = None

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _review_status_table(rows, *, tick_boxes: bool) -> list[SafeString]:
    """Each row of the review-status page as one ``<tr>``: a tick box for the bulk actions (when
    the user has any), the columns' cells, and the Review and History links. Built here rather
    than in a template loop, which cost a few milliseconds for a page of 50 rows."""
    review_url, history_url = _slug_url("reviews:review"), _slug_url("cms:article-history")
    review, history, select = escape(_("Review")), escape(_("History")), _("Select %(title)s")
    table, cells_of = [], Cells(report.COLUMNS)
    for row in rows:
        slug = escape(row.slug)
        tick = (
            f'<td><input type="checkbox" name="articles" value="{slug}" form="article-bulk" '
            f'aria-label="{escape(select % {"title": row.title})}"></td>'
            if tick_boxes
            else ""
        )
        table.append(mark_safe(
            f"<tr>{tick}{cells_of(row)}<td class=\"actions\">"
            f'<a href="{escape(review_url(row.slug))}">{review}</a> '
            f'<a href="{escape(history_url(row.slug))}">{history}</a></td></tr>'
        ))  # fmt: skip
    return table


def _slug_url(name: str):
    """``slug -> reverse(name, args=[slug])``, reversed once rather than once a row (slugs need
    no quoting)."""
    prefix, suffix = reverse(name, args=["slug"]).rsplit("slug", 1)
    return lambda slug: f"{prefix}{slug}{suffix}"


def _with(request, drop: str) -> str:
    return _without(request, drop)


def _without(request, *drop: str) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()
