"""Reading an HTML sheet into lines, keeping what the body can hold (docs/body-format.md):
bold and italic, links (``links``), numbered and bullet lists nested one level, tables of data
(``tables``) and images with alt text (``images``). Navigation, forms, scripts, styles, event
handlers and hidden elements are never read; what a line loses is said in its warnings.
"""

from dataclasses import dataclass, replace

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.conf import settings

from cms.body import TABLE, canonical_spans, make_span, span_marks
from reviews.sheets.data import Line, SheetError
from reviews.sheets.images import ImageFinder
from reviews.sheets.links import base_url, link_target
from reviews.sheets.tables import data_table_rows

_DROP_TAGS = {
    "head", "script", "style", "noscript", "template", "nav", "form", "button", "select",
    "iframe", "svg", "object", "embed", "input", "textarea",
}  # fmt: skip
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
    "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}  # fmt: skip
_TEXT_BLOCKS = {"p", "div", "td", "th", "dd", "dt", "blockquote", "pre"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = {"ul", "ol"}
_BOLD = {"b", "strong"}
_ITALIC = {"i", "em"}
NO_IMAGES = ImageFinder(None)


@dataclass(frozen=True)
class _Context:
    """Where the walk is: the kind and level of the lines here, the marks on the text, and
    the lists around it."""

    kind: str = "text"
    level: int = 0
    bold: bool = False
    italic: bool = False
    link: str = ""
    depth: int = 0  # lists around this point
    ordered: bool = False  # of the outermost list
    group: int = 0  # the outermost list's number


def html_lines(text: str, *, images: ImageFinder = NO_IMAGES) -> list[Line]:
    """One line per block of the document's visible text; a ``<br>`` also ends a line, and a
    table of data or an image is one line. Raises SheetError for elements nested deeper than
    ``settings.IMPORT_MAX_HTML_DEPTH`` (the reader walks the tree recursively)."""
    soup = BeautifulSoup(text, "html.parser")
    refuse_deep_nesting(soup, settings.IMPORT_MAX_HTML_DEPTH)
    base = soup.find("base", href=True)
    reader = HtmlReader(base=base_url(base.get("href")) if base else "", images=images)
    reader.walk(soup, _Context())
    reader.flush()
    return reader.lines


def refuse_deep_nesting(soup: BeautifulSoup, limit: int) -> None:
    """SheetError, at the first element nested deeper than ``limit``; walks without recursion."""
    stack = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            if depth + 1 > limit:
                raise SheetError(
                    f"HTML nested more than {limit} elements deep", child.sourceline or None
                )
            stack.append((child, depth + 1))


class HtmlReader:
    """Walks the tree, gathering the text of each block into one line. A line takes its kind,
    level and source line from the block where its first visible text appears."""

    def __init__(self, *, base: str = "", images: ImageFinder = NO_IMAGES):
        self.lines: list[Line] = []
        self.base, self.images = base, images
        self._spans: list[dict] = []
        self._warnings: list[str] = []
        self._context, self._number, self._started = _Context(), 1, False
        self._lists = 0
        self._captions: set[int] = set()  # figcaptions already an image's caption

    def flush(self) -> None:
        spans = _collapsed(self._spans)
        warnings = tuple(dict.fromkeys(self._warnings))
        self._spans, self._warnings, self._started = [], [], False
        text = "".join(span["text"] for span in spans)
        if not text:
            return
        marked = any(span_marks(span) != (False, False, "") for span in spans)
        context = self._context
        self.lines.append(
            Line(
                context.kind,
                text,
                self._number,
                context.level,
                spans=tuple(canonical_spans(spans)) if marked else (),
                ordered=context.ordered,
                group=context.group,
                warnings=warnings,
            )
        )

    def walk(self, node: Tag, context: _Context) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self._text(child, node, context)
            elif isinstance(child, Tag) and not self._dropped(child):
                self._element(child, context)

    def _dropped(self, tag: Tag) -> bool:
        """Markup that is not the sheet's text: scripts, navigation, forms, hidden elements."""
        return (
            tag.name.lower() in _DROP_TAGS
            or tag.get("role") == "navigation"
            or tag.has_attr("hidden")
            or id(tag) in self._captions
        )

    def _text(self, string: NavigableString, parent: Tag, context: _Context) -> None:
        value = str(string)
        if not self._started and value.strip():
            self._context, self._number, self._started = context, _line_of(string, parent), True
        self._spans.append(
            make_span(value, bold=context.bold, italic=context.italic, link=context.link)
        )

    def _element(self, tag: Tag, context: _Context) -> None:
        name = tag.name.lower()
        if name == "br":
            self.flush()
        elif name == "img":
            self._image(tag)
        elif name == "table" and (rows := data_table_rows(tag)) is not None:
            self._table(tag, rows, context)
        elif name in _BLOCK_TAGS:
            self.flush()
            self.walk(tag, self._block_context(name, context))
            self.flush()
        else:
            self.walk(tag, self._inline_context(name, tag, context))

    def _block_context(self, name: str, context: _Context) -> _Context:
        """The context of the lines inside a block ``name`` found within ``context``."""
        if name in _HEADINGS:
            return replace(context, kind="heading", level=_HEADINGS[name])
        if name in _LISTS:
            if context.depth:
                return replace(context, depth=context.depth + 1)
            self._lists += 1
            return replace(context, depth=1, ordered=name == "ol", group=self._lists)
        if name == "li":
            return replace(context, kind="item", level=1 if context.depth > 1 else 0)
        if name in _TEXT_BLOCKS and context.kind != "item":
            return replace(context, kind="text")
        return context

    def _inline_context(self, name: str, tag: Tag, context: _Context) -> _Context:
        if name in _BOLD:
            return replace(context, bold=True)
        if name in _ITALIC:
            return replace(context, italic=True)
        if name == "a" and tag.has_attr("href"):
            target, warning = link_target(tag.get("href"), self.base)
            if warning:
                self._warnings.append(warning)
            return replace(context, link=target)
        return context

    def _image(self, tag: Tag) -> None:
        """An image is a line of its own, with its block or (skipped) only a warning."""
        self.flush()
        caption = _figure_caption(tag)
        block, warning = self.images.find(
            tag.get("src"), tag.get("alt"), caption.get_text(" ") if caption else ""
        )
        if block is not None and caption is not None:
            self._captions.add(id(caption))
        number = tag.sourceline or self._number
        text = block["alt"] if block else ""
        warnings = (warning,) if warning else ()
        self.lines.append(Line("image", text, number, block=block, warnings=warnings))

    def _table(self, tag: Tag, rows: list[list[Tag | None]], context: _Context) -> None:
        """A table of data is one line holding its block; its cells are inline content."""
        self.flush()
        caption = tag.find("caption")
        if caption is not None:  # a table's caption reads as a paragraph before it
            self.walk(caption, replace(context, kind="text"))
            self.flush()
        warnings: list[str] = []
        cells = [[self._cell(cell, context, warnings) for cell in row] for row in rows]
        text = "\n".join(" | ".join(_plain(cell) for cell in row) for row in cells)
        block = {"type": TABLE, "header": cells[0], "rows": cells[1:]}
        number = tag.sourceline or self._number
        self.lines.append(
            Line("table", text, number, block=block, warnings=tuple(dict.fromkeys(warnings)))
        )

    def _cell(self, cell: Tag | None, context: _Context, warnings: list[str]) -> str | dict:
        if cell is None:
            return ""
        reader = HtmlReader(base=self.base, images=_CellImages())
        reader.walk(cell, _Context(bold=context.bold, italic=context.italic, link=context.link))
        reader.flush()
        spans: list[dict] = []
        for line in reader.lines:
            warnings.extend(line.warnings)
            if line.text:
                spans.extend([make_span(" ")] if spans else [])
                spans.extend(line.spans or [make_span(line.text)])
        return {"spans": spans} if spans else ""


class _CellImages(ImageFinder):
    """A table cell holds text only: its images are skipped."""

    def __init__(self):
        super().__init__(None)

    def find(self, src, alt, caption=""):
        return None, f"an image in a table cell ({str(src or '')[:80]!r}) skipped"


def _figure_caption(image: Tag) -> Tag | None:
    """The caption of the figure ``image`` is the only image of."""
    figure = image.find_parent("figure")
    if figure is None or len(figure.find_all("img")) != 1:
        return None
    return figure.find("figcaption")


def _plain(cell: str | dict) -> str:
    return cell if isinstance(cell, str) else "".join(span["text"] for span in cell["spans"])


def _collapsed(spans: list[dict]) -> list[dict]:
    """The spans with runs of white space made one space and the ends trimmed, as the page
    shows them; a span of white space alone carries no marks."""
    collapsed: list[dict] = []
    after_space = True  # a line's leading space is dropped
    for span in spans:
        text = span["text"]
        words = " ".join(text.split())
        if text[:1].isspace() and not after_space:
            words = " " + words
        if text[-1:].isspace() and words and words != " ":
            words += " "
        if not words:
            continue
        after_space = words.endswith(" ")
        collapsed.append({**span, "text": words} if words.strip() else make_span(words))
    if collapsed and collapsed[-1]["text"].endswith(" "):
        last = {**collapsed[-1], "text": collapsed[-1]["text"].rstrip(" ")}
        collapsed[-1:] = [last] if last["text"] else []
    return collapsed


def _line_of(string: NavigableString, parent: Tag) -> int:
    """The source line where ``string``'s text starts. html.parser records each tag's line;
    the nearest tag before the string (a ``<br>``, say) or else its parent anchors it."""
    anchor = string.previous_sibling
    while anchor is not None and not isinstance(anchor, Tag):
        anchor = anchor.previous_sibling
    base = anchor if anchor is not None and anchor.sourceline else parent
    text = str(string)
    leading = text[: len(text) - len(text.lstrip())]
    return (getattr(base, "sourceline", None) or 1) + leading.count("\n")
