"""The review diff's references: added, removed and changed, matched by what they name."""

from django.template.loader import render_to_string

from cms.diff import diff_revisions
from cms.diff.references import diff_references

DOI = {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the trial"}
PMID = {"type": "pmid", "value": "12345678"}
GINA = {"type": "guideline", "name": "GINA", "version": "2023", "date": "2023-05-01"}
BODY = [{"type": "paragraph", "text": "Same words."}]


def test_added_removed_and_changed_references():
    gina_2024 = {**GINA, "version": "2024", "date": "2024-05-01"}
    doi_recased = {**DOI, "value": "10.1056/nejmoa2034577"}
    page = {"type": "url", "value": "https://e.org/"}
    changes = diff_references([DOI, PMID, GINA], [gina_2024, doi_recased, page])
    assert [(c.status, c.label, c.fields) for c in changes] == [
        ("deleted", "PMID 12345678", ()),
        ("changed", "GINA, version 2024, 5/1/2024", ("version", "date")),
        ("changed", "DOI 10.1056/nejmoa2034577", ("value",)),
        ("inserted", "https://e.org/", ()),
    ]
    assert changes[1].details == [("version", "2023", "2024"), ("date", "2023-05-01", "2024-05-01")]


def test_a_note_added_is_a_change_and_the_same_list_is_none():
    assert diff_references([DOI], [DOI]) == []
    (change,) = diff_references([PMID], [{**PMID, "note": "cohort"}])
    assert change.status == "changed" and change.details == [("note", "", "cohort")]


def test_a_revision_diff_with_only_a_reference_changed_is_a_change():
    same = diff_revisions(old_title="T", old_body=BODY, new_title="T", new_body=BODY)
    assert not same.changed and same.references == []
    diff = diff_revisions(
        old_title="T", old_body=BODY, new_title="T", new_body=BODY, new_references=[DOI]
    )
    assert diff.changed and diff.words_inserted == 0
    html = render_to_string("cms/_diff.html", {"diff": diff})
    assert "Sources: 1 change" in html
    assert "0 words added, 0 removed; 1 source changed." in html
    assert "<ins>DOI 10.1056/NEJMoa2034577 — the trial</ins>" in html
    assert 'href="https://doi.org/10.1056/NEJMoa2034577" rel="noopener noreferrer"' in html


def test_the_diff_escapes_what_references_hold():
    hostile = {"type": "pmid", "value": "1", "note": '"><script>alert(1)</script>'}
    diff = diff_revisions(
        old_title="T", old_body=BODY, new_title="T", new_body=BODY, new_references=[hostile]
    )
    html = render_to_string("cms/_diff.html", {"diff": diff})
    assert "<script>" not in html and "&lt;script&gt;" in html
