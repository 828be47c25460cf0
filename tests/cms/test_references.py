"""An article's references: one canonical form, the editing syntax, links, and the hash."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError

from cms.body import clinical_content_hash
from cms.references import (
    MAX_REFERENCES,
    canonical_references,
    parse_reference,
    reference_label,
    reference_link,
    references_from_text,
    references_to_text,
    validate_references,
)

TEXT = """doi:10.1056/NEJMoa2034577 — the trial
pmid:12345678
https://www.nice.org.uk/guidance/ng80 -- NICE asthma guideline
guideline: GINA asthma strategy | 2024 | 2024-05-01 — read with the local protocol
guideline: BTS asthma guideline
"""
PARSED = [
    {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the trial"},
    {"type": "pmid", "value": "12345678"},
    {"type": "url", "value": "https://www.nice.org.uk/guidance/ng80",
     "note": "NICE asthma guideline"},
    {"type": "guideline", "name": "GINA asthma strategy", "version": "2024", "date": "2024-05-01",
     "note": "read with the local protocol"},
    {"type": "guideline", "name": "BTS asthma guideline"},
]  # fmt: skip


def test_the_editing_syntax_reads_each_kind_and_writes_it_back():
    assert references_from_text(TEXT) == PARSED
    validate_references(PARSED)
    assert references_from_text(references_to_text(PARSED)) == PARSED
    assert references_to_text(PARSED).splitlines()[2] == (
        "https://www.nice.org.uk/guidance/ng80 — NICE asthma guideline"
    )


@pytest.mark.parametrize(
    ("line", "reference"),
    [
        ("https://doi.org/10.1000/xyz123", {"type": "doi", "value": "10.1000/xyz123"}),
        ("10.1000/xyz123", {"type": "doi", "value": "10.1000/xyz123"}),
        ("DOI: 10.1000/xyz123", {"type": "doi", "value": "10.1000/xyz123"}),
        ("https://pubmed.ncbi.nlm.nih.gov/31978945/", {"type": "pmid", "value": "31978945"}),
        ("guideline: NG80 | | 2021-03-25",
         {"type": "guideline", "name": "NG80", "date": "2021-03-25"}),
    ],
)  # fmt: skip
def test_links_and_prefixes_are_read_as_what_they_name(line, reference):
    assert parse_reference(line) == reference


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pmid:1\njavascript:alert(1)", "Line 2: start the line with doi:"),
        ("doi:11.1000/x", "Line 1: '11.1000/x' is not a DOI"),
        ("pmid:12a", "is not a PMID"),
        ("pmid:0123", "is not a PMID"),
        ("ftp://example.org/x", "Line 1: start the line"),
        ("https://", "is not allowed"),
        ("guideline:  | 2024", "a guideline needs its name"),
        ("guideline: A | 1 | 2024-02-30", "is not a date"),
        ("guideline: A | 1 | 2024-05-01 | extra", "name | version | M/D/YYYY"),
        ("pmid:1 — a note with a \u202e bidi override", "bidirectional control"),
        ("\n\npmid:1\nPMID:1", "Line 4 repeats line 3."),
        ("doi:10.1000/ABC\ndoi:10.1000/abc", "Line 2 repeats line 1."),
    ],
)
def test_a_bad_line_is_refused_naming_it(text, message):
    with pytest.raises(ValidationError) as refused:
        references_from_text(text)
    assert message in refused.value.messages[0]


def test_there_is_a_most_references():
    lines = "\n".join(f"pmid:{n}" for n in range(1, MAX_REFERENCES + 2))
    with pytest.raises(ValidationError, match=f"at most {MAX_REFERENCES}"):
        references_from_text(lines)
    with pytest.raises(ValidationError, match=f"at most {MAX_REFERENCES}"):
        validate_references([{"type": "pmid", "value": str(n)} for n in range(1, 52)])


@pytest.mark.parametrize(
    ("references", "message"),
    [
        ("pmid:1", "a list"),
        ([{"type": "isbn", "value": "1"}], "Reference 1: the type is one of"),
        ([{"type": "pmid", "value": "1", "extra": "x"}], "has the keys"),
        ([{"type": "pmid", "value": 1}], "every value is text"),
        ([{"type": "url", "value": "javascript:alert(1)"}], "is not allowed"),
        ([{"type": "url", "value": "https://e.org/ x"}], "no spaces"),
        ([{"type": "doi", "value": "10.1000/x", "note": ""}], "The note is empty"),
        ([{"type": "doi", "value": "10.1000/x", "note": "a\nb"}], "control character"),
        ([{"type": "doi", "value": "10.1000/x", "note": " padded "}], "canonical"),
        ([{"type": "guideline", "name": "A | B"}], "may not hold"),
        ([{"type": "pmid", "value": "1"}, {"type": "pmid", "value": "1"}], "repeats"),
    ],
)
def test_only_well_formed_canonical_references_are_stored(references, message):
    with pytest.raises(ValidationError, match=message):
        validate_references(references)


def test_the_canonical_form_drops_empty_optional_keys():
    assert canonical_references(
        [{"type": "guideline", "name": " GINA ", "version": "", "date": "", "note": ""}]
    ) == [{"type": "guideline", "name": "GINA"}]


def test_links_go_to_doi_org_pubmed_or_the_address_and_never_elsewhere():
    doi, pmid, url, guideline, _ = PARSED
    assert reference_link(doi) == "https://doi.org/10.1056/NEJMoa2034577"
    assert reference_link(pmid) == "https://pubmed.ncbi.nlm.nih.gov/12345678/"
    assert reference_link(url) == "https://www.nice.org.uk/guidance/ng80"
    assert reference_link(guideline) == ""
    # Whatever reached the row, a link is only ever one of those.
    assert reference_link({"type": "url", "value": "javascript:alert(1)"}) == ""
    assert reference_link({"type": "pmid", "value": "1/../x"}) == ""
    hostile = reference_link({"type": "doi", "value": '10.1000/"><script>'})
    assert hostile.startswith("https://doi.org/10.1000/") and '"' not in hostile
    assert reference_label(guideline) == "GINA asthma strategy, version 2024, 5/1/2024"
    assert reference_label(doi) == "DOI 10.1056/NEJMoa2034577"


def test_a_revision_without_references_keeps_the_hash_it_was_signed_with():
    body = [{"type": "paragraph", "text": "Take your medicine."}]
    # The hash as it was computed before references existed.
    before = hashlib.sha256(
        json.dumps(
            {"title": "T", "body": body}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()
    ).hexdigest()
    assert clinical_content_hash(title="T", body=body) == before
    assert clinical_content_hash(title="T", body=body, references=[]) == before
    with_source = clinical_content_hash(title="T", body=body, references=PARSED[:1])
    assert with_source != before
    noted = [{**PARSED[0], "note": "another note"}]
    assert clinical_content_hash(title="T", body=body, references=noted) != with_source


def test_a_guideline_date_is_typed_and_shown_as_the_interface_prints_dates():
    (typed,) = references_from_text("guideline: GINA | 2024 | 5/1/2024")
    assert typed["date"] == "2024-05-01"  # stored ISO
    (iso,) = references_from_text("guideline: GINA | 2024 | 2024-05-01")
    assert iso == typed
    assert references_to_text([typed]) == "guideline: GINA | 2024 | 5/1/2024"
    with pytest.raises(ValidationError, match="is not a date"):
        references_from_text("guideline: GINA | 2024 | 2/30/2024")
