from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from cms.views import public

public_patterns = [
    path("articles/", public.article_index, name="article-index"),
    path("articles/<slug:slug>/", public.article_detail, name="article-detail"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cms:article-index", permanent=False)),
    path("", include((public_patterns, "cms"))),
    path("admin/", admin.site.urls),
]
