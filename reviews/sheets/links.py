"""The links of an HTML sheet as the body keeps them (docs/body-format.md).

An absolute http(s) or mailto link is kept, normalised as the editor's parser stores it; a
relative one is resolved against the sheet's ``<base href>``, or else kept as plain text and
reported; any other scheme (``javascript:``, ``data:``, ``file:``…) becomes plain text.
"""

import re
from urllib.parse import urljoin

from cms.body import link_problem
from cms.markup import normalise_link

KEPT_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
URL_SPACES = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL: "java\tscript:"


def scheme_of(url: str) -> str:
    """The URL's scheme in lower case, or "" for a relative URL."""
    match = SCHEME.match(url)
    return match.group(1).lower() if match else ""


def base_url(href: str | None) -> str:
    """A ``<base href>`` the links may be resolved against: absolute http(s), or ""."""
    href = URL_SPACES.sub("", (href or "").strip())
    return href if scheme_of(href) in ("http", "https") else ""


def link_target(href: str | None, base: str) -> tuple[str, str]:
    """(the link as the body keeps it, or ""; why it was not kept, or "" when nothing needs
    saying). An in-page link (``#part``) is plain text without a word."""
    href = URL_SPACES.sub("", (href or "").strip())
    if not href or href.startswith("#"):
        return "", ""
    shown = repr(href[:80])
    if not scheme_of(href):
        if not base:
            return "", f"a relative link {shown} kept as plain text (the sheet has no <base href>)"
        try:
            href = urljoin(base, href)
        except ValueError:
            return "", f"the link {shown} cannot be read; kept as plain text"
    scheme = scheme_of(href)
    if scheme not in KEPT_SCHEMES:
        return "", f"a {scheme}: link kept as plain text"
    target = normalise_link(href)
    if link_problem(target):
        return "", f"the link {shown} is not one the body can hold; kept as plain text"
    return target, ""
