"""The per-article lists of a review-status row (its open flags, assigned reviewers and
approving signatures): joined into one text per article in SQL, split back in Python."""

from functools import cache

from django.db import connection
from django.db.models import Aggregate, F, Func, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Replace

from cms.models import Article
from reviews.choices import flag_kind_order
from reviews.models import ArticleReviewer, Reviewer, ReviewFlag
from reviews.selectors import ReviewerName, Signature, approving_signatures

_FIELD = "\x1f"  # unit separator: between the parts of one reviewer or signature
_RECORD = "\x1e"  # record separator: between reviewers, signatures or flags
_new_tuple = tuple.__new__  # a named tuple's fields, in order, without its Python-level __new__


def _plain(name: str) -> Replace:
    """The text column ``name`` without the two separators. Names and credentials refuse them
    on input (``cms.text.clean_line``), but a row saved before that rule, or written to the
    database directly, must not split one record into several for every reader."""
    return Replace(Replace(F(name), Value(_FIELD), Value("")), Value(_RECORD), Value(""))


class _JoinedText(Aggregate):
    """Concatenate text with a separator: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression, separator: str, **extra):
        super().__init__(expression, Value(separator), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


class _Fields(Func):
    """Text columns (never NULL) and numbers joined by the unit separator with ``||``: one
    record of a list, cheaper than CONCAT's NULL handling over a million rows."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self, *parts):
        joined = []
        for part in parts:
            joined += [Cast(part, TextField()), Value(_FIELD)]
        super().__init__(*joined[:-1])


def joined_list(name: str, **where) -> QuerySet:
    """One of the per-article lists a row needs, joined into one text per article (grouped by
    article): ``open_flags``, ``reviewer_list``, ``reviewer_ids`` (the assigned reviewers'
    ids, named by ``AssignedNames``) or ``signature_list``. ``where`` narrows it (the page's
    correlated subquery passes ``article=OuterRef("pk")``)."""
    if name == "open_flags":
        rows = ReviewFlag.objects.filter(resolved_on__isnull=True)
        text = _Fields("kind", _plain("detail"))
    elif name == "reviewer_list":
        rows = ArticleReviewer.objects.all()
        text = _Fields("position", _plain("reviewer__full_name"), _plain("reviewer__credentials"))
    elif name == "reviewer_ids":
        rows = ArticleReviewer.objects.all()
        text = _Fields("position", "reviewer_id")
    else:
        rows = approving_signatures()
        text = _Fields(
            "id", "revision_id", "reviewer_id", _plain("reviewer_name"),
            _plain("reviewer_credentials"),
        )  # fmt: skip
    return (
        rows.filter(**where)
        .order_by()
        .values("article")
        .annotate(joined=_JoinedText(text, _RECORD))
    )


LISTS = ("open_flags", "reviewer_list", "signature_list")
# A whole-library read names the assigned reviewers in Python (AssignedNames): joining every
# assignment to its reviewer for the names took PostgreSQL about half of that list's time.
STREAMED_LISTS = ("open_flags", "reviewer_ids", "signature_list")


@cache
def correlated_list_sql(name: str, vendor: str) -> tuple[str, tuple]:
    """(SQL, params) of ``joined_list(name)`` for the article of the outer query's row, whose
    table keeps its own name as its alias (``cms_article``): the page query embeds it as
    ``RawSQL``. Compiled once per process and database vendor, rather than built, resolved and
    compiled as three subqueries on every page (about half the time the page query took to
    build). The lists' own tables are aliased by their names, none of them ``cms_article``."""
    quote = connection.ops.quote_name
    article_id = f"{quote(Article._meta.db_table)}.{quote(Article._meta.pk.column)}"
    per_article = joined_list(name, article_id=RawSQL(article_id, ())).values("joined")
    sql, params = per_article.query.sql_with_params()
    return f"({sql})", tuple(params)


def split_flags(joined: str | None) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """(the kinds, in ``FlagKind`` order as the review page lists them; (kind, detail) of each
    flag, in the same order)."""
    if not joined:
        return [], ()
    details = tuple(
        sorted(
            (tuple(record.split(_FIELD, 1)) for record in joined.split(_RECORD)),
            key=lambda flag: (flag_kind_order(flag[0]), flag),
        )
    )
    return [kind for kind, _ in details], details


def split_signatures(joined: str | None) -> list[Signature]:
    if not joined:
        return []
    if _RECORD not in joined:  # one signature: most rows, so without Signature's own __new__
        signoff_id, revision_id, reviewer_id, name, credentials = joined.split(_FIELD)
        fields = (int(signoff_id), int(revision_id), int(reviewer_id), name, credentials)
        return [_new_tuple(Signature, fields)]
    return [
        Signature(int(signoff_id), int(revision_id), int(reviewer_id), name, credentials)
        for signoff_id, revision_id, reviewer_id, name, credentials in (
            record.split(_FIELD) for record in joined.split(_RECORD)
        )
    ]


def split_reviewers(joined: str | None) -> list[ReviewerName]:
    if not joined:
        return []
    records = sorted(
        (record.split(_FIELD) for record in joined.split(_RECORD)), key=lambda r: int(r[0])
    )
    return [ReviewerName(name=name, credentials=credentials) for _, name, credentials in records]


def _unseparated(text: str) -> str:
    """``text`` without the two separators, as ``_plain`` reads it in SQL."""
    return text.replace(_FIELD, "").replace(_RECORD, "")


class AssignedNames:
    """``split_reviewers`` for the ``reviewer_ids`` list: the assigned reviewers in order, named
    from every reviewer's name read once (one query), rather than joined in SQL for each of a
    million assignments. A reviewer added after that read is looked up on its own; one that no
    longer exists (read in another snapshot than the list) is left out, as it is no longer
    assigned."""

    def __init__(self):
        self.names = dict(self._read(Reviewer.objects.all()))

    @staticmethod
    def _read(reviewers):
        for pk, name, credentials in reviewers.values_list("pk", "full_name", "credentials"):
            yield pk, ReviewerName(name=_unseparated(name), credentials=_unseparated(credentials))

    def _name(self, pk: int) -> ReviewerName | None:
        if pk not in self.names:
            self.names.update(self._read(Reviewer.objects.filter(pk=pk)))
        return self.names.get(pk)

    def __call__(self, joined: str | None) -> list[ReviewerName]:
        if not joined:
            return []
        records = sorted(
            (record.split(_FIELD) for record in joined.split(_RECORD)), key=lambda r: int(r[0])
        )
        names = [self._name(int(pk)) for _, pk in records]
        return [name for name in names if name is not None]
