from django.urls import path
from django.views.generic import RedirectView

from cms.permissions import require_perm
from reviews.views import (
    assignments,
    audit,
    certificates,
    invitations,
    notifications,
    queue,
    reader_reports,
    reports,
    reviewer_pages,
    withdrawal,
    workspace,
)

app_name = "reviews"

urlpatterns = [
    path("workspace/", workspace.home, name="home"),
    path("workspace/articles/<slug:slug>/reviewers/", assignments.assign, name="assign"),
    path("workspace/articles/bulk/", withdrawal.bulk_actions, name="bulk-actions"),
    path("workspace/articles/<slug:slug>/withdrawal/", withdrawal.withdrawal, name="withdrawal"),
    path(
        "workspace/articles/<slug:slug>/revisions/<int:revision_id>/certificate/",
        certificates.certificate,
        name="certificate",
    ),
    path(
        "workspace/articles/<slug:slug>/revisions/<int:revision_id>/certificate.pdf",
        certificates.certificate_download,
        name="certificate-pdf",
    ),
    path("workspace/reviewers/", invitations.reviewer_list, name="reviewers"),
    path(
        "workspace/reviewers/<int:reviewer_id>/invite/",
        invitations.invite,
        name="invite-reviewer",
    ),
    path(
        "workspace/reviewers/<int:reviewer_id>/public-page/",
        reviewer_pages.reviewer_page_settings,
        name="reviewer-page-settings",
    ),
    path(
        "workspace/profile/public-page/", reviewer_pages.my_reviewer_page, name="my-reviewer-page"
    ),
    path("reviewers/<slug:reviewer_slug>/", reviewer_pages.reviewer_page, name="reviewer-page"),
    path(
        "invitations/<int:invitation_id>/<slug:token>/",
        invitations.accept,
        name="accept-invitation",
    ),
    path("review/queue/", queue.queue, name="queue"),
    path("review/<slug:slug>/", queue.review, name="review"),
    path("audit/", audit.audit_trail, name="audit"),
    path("articles/<slug:slug>/report/", reader_reports.report, name="report-problem"),
    path("flags/<int:flag_id>/dismiss/", reader_reports.dismiss, name="dismiss-flag"),
    path("workspace/reader-reports/", reader_reports.report_list, name="reader-reports"),
    path(
        "workspace/reader-reports/<int:report_id>/",
        reader_reports.report_detail,
        name="reader-report",
    ),
    path("reports/", reports.dashboard, name="reports"),
    path("reports/review-status/", reports.review_status, name="report-review-status"),
    path(
        "reports/review-status/certificates.zip",
        certificates.certificates_zip,
        name="report-certificates",
    ),
    # The report's old name: bookmarks keep working, filters and all.
    path(
        "reports/overdue/",
        require_perm("reviews.view_reports")(
            RedirectView.as_view(
                pattern_name="reviews:report-review-status", permanent=True, query_string=True
            )
        ),
        name="report-overdue",
    ),
    path("reports/workload/", reports.workload, name="report-workload"),
    path("reports/unreviewed-edits/", reports.unreviewed_edits, name="report-unreviewed-edits"),
    path("reports/translations/", reports.translations, name="report-translations"),
    path("reports/names/", reports.report_names, name="report-names"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path("workspace/scan/", reports.run_scan, name="run-scan"),
]
