from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from cms.views import accounts, editing, history, media, public

cms_patterns = [
    path("articles/", public.article_index, name="article-index"),
    path("articles/<slug:slug>/", public.article_detail, name="article-detail"),
    path("articles/<slug:slug>/history/", history.article_history, name="article-history"),
    path(
        "articles/<slug:slug>/revisions/<int:revision_id>/",
        history.revision_detail,
        name="revision-detail",
    ),
    path("articles/<slug:slug>/diff/", history.revision_diff, name="revision-diff"),
    path("articles/<slug:slug>/source-changes/", history.source_changes, name="source-changes"),
    path("workspace/articles/", editing.article_list, name="workspace-articles"),
    path("workspace/articles/new/", editing.article_create, name="article-create"),
    path("workspace/articles/<slug:slug>/edit/", editing.article_edit, name="article-edit"),
    path(
        "workspace/articles/<slug:slug>/translate/",
        editing.article_translate,
        name="article-translate",
    ),
    path("workspace/articles/preview/", editing.article_preview_new, name="article-preview-new"),
    path(
        "workspace/articles/<slug:slug>/preview/", editing.article_preview, name="article-preview"
    ),
    path("workspace/articles/search/", media.article_search, name="article-search"),
    path("workspace/images/", media.image_upload, name="image-upload"),
    # Names are content hashes (cms.views.media.IMAGE_NAME); the view checks them again.
    re_path(r"^media/images/(?P<name>[0-9a-f]{64}\.[a-z]{3,4})$", media.image, name="image"),
]

urlpatterns = [
    path("", public.home_or_library, name="root"),
    path("", include((cms_patterns, "cms"))),
    path("", include("reviews.urls")),
    path("api/", include("reviews.api.urls")),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    # The interface language (a cookie; POST only): open to all, as choosing it guards nothing.
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
    # The admin signs in through the same throttled view.
    path("admin/login/", accounts.admin_login),
    path("admin/", admin.site.urls),
]
