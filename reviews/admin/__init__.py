"""The Django admin for the review domain. Every screen that writes calls the service that owns
the rule (assignments, flags, reviewer profiles, accounts, policies); append-only and derived
records are read-only."""

from reviews.admin import accounts, drugs, flags, records, reviewers  # noqa: F401 (registers)
