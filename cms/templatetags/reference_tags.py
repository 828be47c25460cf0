"""Showing references (cms/references.py): a reference's link and its one-line label."""

from django import template

from cms.references import reference_label as label_of
from cms.references import reference_link as link_of

register = template.Library()


@register.filter
def reference_link(reference: dict) -> str:
    """Where a reader follows the reference (doi.org, PubMed, the address), or ""."""
    return link_of(reference)


@register.filter
def reference_label(reference: dict) -> str:
    """The reference as one line of text, without its note."""
    return label_of(reference)
