"""A review certificate as a PDF, with fpdf2 (pure Python) and the DejaVu Sans fonts shipped in
``reviews/fonts`` (so any name, curly quote or dash prints as written, on any machine).

The text is real text (a PDF reader, or pypdf, extracts it); the revision's body is the HTML of
``cms.render.render_body``, the one renderer, with images printed as their alt text. The
certificate's record (``Certificate.record``) is attached as ``recheck-certificate.json``, which
``manage.py verify_records --certificate`` checks against the database.
"""

import json
import logging
import re
from datetime import datetime
from html import unescape
from pathlib import Path

from fpdf import FPDF
from fpdf.errors import FPDFException
from fpdf.fonts import FontFace

from cms.render import render_body
from cms.templatetags.cms_tags import us_datetime
from reviews.services.certificates import RECORD_NAME, Certificate

FONTS = Path(__file__).resolve().parents[1] / "fonts"
FAMILY = "DejaVu"
HEADER = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
# An image cannot be fetched while printing; its alt text stands in for it.
# fpdf2 prints a table cell as plain text: the marks and links inside one are dropped.
CELL = re.compile(r"(<t[dh](?:\s[^>]*)?>)(.*?)(</t[dh]>)", re.S)
TAG = re.compile(r"<[^>]+>")
# fontTools logs every glyph it keeps while subsetting the fonts.
logging.getLogger("fontTools").setLevel(logging.WARNING)
IMAGE = re.compile(r'<figure class="image"><img src="[^"]*" alt="([^"]*)"[^>]*>')


def certificate_pdf(certificate: Certificate, *, printed_at: datetime) -> bytes:
    """The certificate as PDF bytes, dated ``printed_at``."""
    article, revision = certificate.article, certificate.revision
    pdf = _Document(footer=f"{article.slug} · revision {revision.history_id} · printed "
                           f"{us_datetime(printed_at)}")  # fmt: skip
    pdf.set_title(f"Review certificate: {revision.title} (revision {revision.history_id})")
    pdf.set_subject(f"Content SHA-256 {certificate.content_sha256}")
    pdf.set_author("Recheck")
    pdf.set_creation_date(printed_at)
    pdf.add_page()

    pdf.heading("Review certificate", size=18)
    pdf.line_of(revision.title, bold=True, size=13)
    pdf.line_of(
        f"Revision {revision.history_id} of “{article.slug}”, saved "
        f"{us_datetime(revision.history_date)} by {_author(revision)}"
        f"{' · the live revision' if article.live_revision_id == revision.history_id else ''}"
    )
    pdf.line_of("Content SHA-256 (what each signature vouches for):", bold=True)
    pdf.line_of(certificate.content_sha256)

    pdf.heading("Signatures")
    if certificate.signoffs:
        pdf.rows(
            ("Signature", "Printed name", "Credentials", "Signed", "Meaning"),
            [
                (
                    f"#{signoff.pk}",
                    signoff.reviewer_name,
                    signoff.reviewer_credentials,
                    us_datetime(signoff.signed_at),
                    signoff.get_meaning_display(),
                )
                for signoff in certificate.signoffs
            ],
            widths=(10, 28, 18, 22, 22),
        )
        for signoff in certificate.signoffs:
            vouches = (
                "the content SHA-256 above"
                if signoff.content_sha256 == certificate.content_sha256
                else f"a different content SHA-256, {signoff.content_sha256}"
            )
            pdf.line_of(
                f"Signature #{signoff.pk} vouches for {vouches}; its record hash is "
                f"{signoff.row_hash}.",
                size=8,
            )
    else:
        pdf.line_of("No one has signed this revision.")

    pdf.heading("Changes since the previous review")
    previous = certificate.previous_review
    pdf.line_of(
        f"Previous review: revision {previous.history_id}, saved "
        f"{us_datetime(previous.history_date)}. "
        if previous
        else "No earlier revision was reviewed: every revision up to this one is listed. "
    )
    pdf.line_of(f"{certificate.words_added} words added, {certificate.words_removed} removed.")
    pdf.rows(
        ("Revision", "Saved", "Change", "Reason", "Author"),
        [
            (
                f"#{change.history_id}",
                us_datetime(change.history_date),
                change.get_change_kind_display() or "—",
                change.history_change_reason or "",
                _author(change),
            )
            for change in certificate.changes
        ],
        widths=(10, 20, 20, 35, 15),
    )

    if certificate.references:
        pdf.heading("References")
        for number, line in enumerate(certificate.reference_lines, start=1):
            pdf.line_of(f"{number}. {line}")

    pdf.heading("Audit events of this review cycle")
    if certificate.events:
        pdf.rows(
            ("When", "Event", "By", "Detail"),
            [
                (
                    us_datetime(event.at),
                    event.get_action_display(),
                    event.actor.get_username() if event.actor else "system",
                    event.detail,
                )
                for event in certificate.events
            ],
            widths=(20, 20, 15, 45),
        )
        if certificate.more_events:
            pdf.line_of(f"… and {certificate.more_events} more (see the audit trail).")
    else:
        pdf.line_of("No audit events in this cycle.")

    pdf.heading("The text of this revision")
    pdf.line_of(revision.title, bold=True, size=13)
    pdf.body(str(render_body(revision.body)))

    pdf.embed_file(
        bytes=json.dumps(certificate.record, indent=2).encode(),
        basename=RECORD_NAME,
        desc="The certificate's record, for manage.py verify_records --certificate",
        modification_date=printed_at,
        mime_type="application/json",
    )
    return bytes(pdf.output())


def _author(revision) -> str:
    return revision.history_user.get_username() if revision.history_user else "system"


class _Document(FPDF):
    """Letter pages in DejaVu Sans, with the certificate's name and page number at the foot."""

    def __init__(self, *, footer: str):
        super().__init__(format="Letter")
        self.footer_text = footer
        for style, name in (("", "DejaVuSans"), ("B", "DejaVuSans-Bold"),
                            ("I", "DejaVuSans-Oblique"), ("BI", "DejaVuSans-Bold")):  # fmt: skip
            self.add_font(FAMILY, style, FONTS / f"{name}.ttf")
        self.set_font(FAMILY, size=10)
        self.set_auto_page_break(True, margin=18)

    def footer(self):
        self.set_y(-14)
        self.set_font(FAMILY, size=8)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")

    def heading(self, text: str, *, size: float = 13):
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, "", 10)
        self.ln(1)

    def line_of(self, text: str, *, bold: bool = False, size: float = 10):
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, "", 10)

    def body(self, html: str):
        """The rendered body; as plain text if fpdf2 cannot lay out its HTML."""
        html = IMAGE.sub(r"<p>[Image: \1]</p>", html)
        html = CELL.sub(lambda cell: cell[1] + TAG.sub("", cell[2]) + cell[3], html)
        try:
            self.write_html(html, font_family=FAMILY, warn_on_tags_not_matching=False)
        except (NotImplementedError, FPDFException):
            self.line_of("(The layout could not be printed; the words follow.)")
            self.line_of(unescape(TAG.sub(" ", html)))

    def rows(self, header: tuple, body: list[tuple], *, widths: tuple):
        self.set_font(FAMILY, "", 8.5)
        with self.table(col_widths=widths, headings_style=HEADER, line_height=4.5,
                        text_align="LEFT") as table:  # fmt: skip
            for values in (header, *body):
                row = table.row()
                for value in values:
                    row.cell(str(value))
        self.set_font(FAMILY, "", 10)
