"""The names of the role groups (created by migration 0002), defined once."""

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
CONTENT_ADMINS = "Content admins"
# Read-only API accounts of publishing sites: published articles and live revisions only.
PUBLISHING_SITES = "Publishing sites"
