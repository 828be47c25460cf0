from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from reviews.api import views
from reviews.api.published import PublishedArticleViewSet

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("signoffs", views.SignOffViewSet, basename="signoff")
router.register("flags", views.FlagViewSet, basename="flag")
router.register("events", views.ClinicalEventViewSet, basename="event")
router.register("published", PublishedArticleViewSet, basename="published")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("reports/review-status/", views.ReviewStatusReportView.as_view(), name="review-status"),
    path("reports/overdue/", views.OverdueReportView.as_view(), name="overdue"),  # the old path
    *router.urls,
]
