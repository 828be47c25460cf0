"""The editor's image upload, the public image view and the article search of the link dialog."""

import hashlib
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cms.markup import body_from_markup
from tests.factories import ArticleFactory, UserFactory, editor_account

pytestmark = pytest.mark.django_db

UPLOAD = "/workspace/images/"


def png(width: int = 1, height: int = 1, rgb: bytes = b"\xff\xff\xff") -> bytes:
    """A valid PNG of ``width`` × ``height`` pixels of colour ``rgb`` (white)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBP"
    b"VP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(editor_account())
    return client


def upload(client, data: bytes, name: str = "photo.png", content_type: str = "image/png"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type)})


def test_an_upload_is_stored_by_its_hash_and_its_url_works_in_the_body(editor_client):
    data = png(2, 2)
    sha = hashlib.sha256(data).hexdigest()
    response = upload(editor_client, data)
    assert response.status_code == 200
    assert response.json() == {
        "url": f"/media/images/{sha}.png",
        "name": f"images/{sha}.png",
        "sha256": sha,
    }
    with default_storage.open(f"images/{sha}.png", "rb") as stored:
        assert stored.read() == data
    blocks = body_from_markup(f"![Two white pixels](/media/images/{sha}.png)")
    assert blocks == [
        {"type": "image", "src": f"images/{sha}.png", "sha256": sha, "alt": "Two white pixels"}
    ]


def test_the_same_bytes_twice_give_the_same_name_and_one_file(editor_client, media_root):
    first = upload(editor_client, png(), name="a.png").json()
    second = upload(editor_client, png(), name="other-name.jpg", content_type="image/jpeg").json()
    assert first == second
    assert [path.name for path in (media_root / "images").iterdir()] == [f"{first['sha256']}.png"]


@pytest.mark.parametrize(
    ("data", "extension"),
    [(JPEG, "jpg"), (GIF, "gif"), (WEBP, "webp")],
    ids=["jpeg", "gif", "webp"],
)
def test_the_type_comes_from_the_bytes_not_the_file_name(editor_client, data, extension):
    response = upload(editor_client, data, name="picture.png")
    assert response.status_code == 200
    assert response.json()["name"].endswith(f".{extension}")


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (SVG, "drawing.svg", "image/svg+xml"),
        (SVG, "drawing.png", "image/png"),
        (HTML, "page.png", "image/png"),
        (b"", "empty.png", "image/png"),
        (b"\x89PNG", "short.png", "image/png"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "sound.webp", "image/webp"),
    ],
    ids=["svg", "svg-named-png", "html-named-png", "empty", "truncated-png", "riff-not-webp"],
)
def test_anything_but_png_jpeg_gif_webp_is_refused(
    editor_client, media_root, data, name, content_type
):
    response = upload(editor_client, data, name=name, content_type=content_type)
    assert response.status_code == 400
    assert response.json() == {"error": "Only PNG, JPEG, GIF and WebP images can be uploaded."}
    assert not (media_root / "images").exists()


def test_a_refused_upload_says_why_in_the_interface_language(media_root):
    client = Client(headers={"accept-language": "es"})
    client.force_login(editor_account())
    response = upload(client, SVG, name="drawing.svg", content_type="image/svg+xml")
    assert response.status_code == 400
    assert response.json() == {"error": "Solo se pueden subir imágenes PNG, JPEG, GIF y WebP."}


def test_an_image_over_the_limit_is_refused(editor_client, settings, media_root):
    settings.IMAGE_MAX_BYTES = 1000
    response = upload(editor_client, png(40, 40) + b"\x00" * 1000)
    assert response.status_code == 400
    assert response.json() == {"error": "The image is over 1000\xa0bytes."}
    assert not (media_root / "images").exists()
    assert upload(editor_client, png()).status_code == 200  # under the limit


def test_an_image_over_five_megabytes_is_refused(editor_client, media_root):
    response = upload(editor_client, png() + b"\x00" * (5 * 1024 * 1024))
    assert response.status_code == 400
    assert response.json() == {"error": "The image is over 5.0\xa0MB."}
    assert not (media_root / "images").exists()


def test_a_post_without_a_file_gets_400(editor_client):
    response = editor_client.post(UPLOAD)
    assert response.status_code == 400
    assert response.json() == {"error": "Choose an image file to upload."}


@pytest.mark.parametrize("role", ["Medical reviewers", "Content admins"])
def test_roles_without_article_permissions_cannot_upload(role, media_root):
    client = Client()
    client.force_login(UserFactory(username="someone", role=role))
    assert upload(client, png()).status_code == 403
    assert not (media_root / "images").exists()


def test_anonymous_visitors_are_sent_to_log_in(media_root):
    response = upload(Client(), png())
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not (media_root / "images").exists()


def test_the_upload_needs_the_csrf_token(media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_account())
    assert upload(client, png()).status_code == 403
    assert not (media_root / "images").exists()


def test_holding_add_article_alone_is_enough(media_root):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="adder")
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client = Client()
    client.force_login(user)
    assert upload(client, png()).status_code == 200


# -- Serving ------------------------------------------------------------------------------------


def test_anyone_gets_an_image_with_headers_that_keep_it_an_image(editor_client):
    data = png(3, 1)
    url = upload(editor_client, data).json()["url"]
    response = Client().get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]
    # A signed-in editor gets the same cacheable image (the private no-store rule is for pages).
    assert editor_client.get(url)["Cache-Control"] == response["Cache-Control"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(JPEG, "image/jpeg"), (GIF, "image/gif"), (WEBP, "image/webp")],
    ids=["jpeg", "gif", "webp"],
)
def test_the_content_type_follows_the_stored_type(editor_client, data, content_type):
    url = upload(editor_client, data).json()["url"]
    assert Client().get(url)["Content-Type"] == content_type


def test_an_image_only_answers_get(editor_client):
    url = upload(editor_client, png()).json()["url"]
    assert Client().post(url).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/" + "0" * 64 + ".png",  # well-formed, not stored
        "/media/images/" + "0" * 64 + ".svg",
        "/media/images/../../cms/settings.py",
        "/media/images/..%2F..%2Fcms%2Fsettings.py",
        "/media/images/%2e%2e/%2e%2e/etc/passwd",
        "/media/images/" + "A" * 64 + ".png",
        "/media/images/x.png",
        "/media/settings.py",
        "/media/images/",
    ],
)
def test_names_that_are_not_stored_images_get_404(editor_client, media_root, path):
    upload(editor_client, png())
    (media_root / "secret.txt").write_text("not an image")
    (media_root / "images" / ("0" * 64 + ".svg")).write_bytes(SVG)
    assert Client().get(path).status_code == 404


# -- Article search -----------------------------------------------------------------------------


def test_the_search_finds_articles_by_title(editor_client):
    ArticleFactory(title="Inhalers and spacers", slug="inhalers")
    ArticleFactory(title="Asthma: Using an inhaler", slug="asthma-inhaler")
    ArticleFactory(title="Diabetes", slug="diabetes")
    response = editor_client.get("/workspace/articles/search/", {"q": "INHALER"})
    assert response.status_code == 200
    assert response.json() == [
        {"slug": "asthma-inhaler", "title": "Asthma: Using an inhaler"},
        {"slug": "inhalers", "title": "Inhalers and spacers"},
    ]
    assert editor_client.get("/workspace/articles/search/", {"q": "  "}).json() == []


def test_the_search_gives_twenty_at_most(editor_client, django_assert_max_num_queries):
    for number in range(25):
        ArticleFactory(title=f"Sheet {number:02}", slug=f"sheet-{number}")
    with django_assert_max_num_queries(5):
        found = editor_client.get("/workspace/articles/search/", {"q": "sheet"}).json()
    assert [row["title"] for row in found] == [f"Sheet {number:02}" for number in range(20)]


def test_the_search_needs_change_article():
    client = Client()
    client.force_login(UserFactory(username="reader", role="Medical reviewers"))
    assert client.get("/workspace/articles/search/", {"q": "a"}).status_code == 403


# -- The form that uses them ----------------------------------------------------------------------


@pytest.mark.parametrize("creating", [True, False], ids=["new", "edit"])
def test_the_article_form_loads_the_editor_and_previews_without_javascript(editor_client, creating):
    article = ArticleFactory(slug="inhalers")
    url = "/workspace/articles/new/" if creating else f"/workspace/articles/{article.slug}/edit/"
    html = editor_client.get(url).content.decode()
    preview = (
        "/workspace/articles/preview/" if creating else "/workspace/articles/inhalers/preview/"
    )
    assert f'formaction="{preview}" formtarget="_blank" formnovalidate' in html
    assert 'data-search-url="/workspace/articles/search/"' in html
    assert 'data-upload-url="/workspace/images/"' in html
    assert "vendor/easymde/easymde.min.js" in html and "cms/editor.js" in html
    assert "//cdn" not in html and "https://" not in html.split("<body>")[0]
