"""Splitting a printed reviewer into name and credentials."""

import pytest

from reviews.sheets import split_credentials


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Jessica Gotwals RN BSN MPH", ("Jessica Gotwals", "RN BSN MPH")),
        ("Susan K. Dempsey-Walls RN", ("Susan K. Dempsey-Walls", "RN")),
        ("Ann Lee, MD, PhD", ("Ann Lee", "MD PhD")),
        ("Raymond Kent Turley BSN MSN RN", ("Raymond Kent Turley", "BSN MSN RN")),
        ("Amy Finke PharmD", ("Amy Finke", "PharmD")),
        ("Jo Ray PA-C", ("Jo Ray", "PA-C")),
        ("Stacey Wojcik M.D.", ("Stacey Wojcik", "M.D.")),
        ("Prince", ("Prince", "")),
        ("MD", ("MD", "")),
    ],
)
def test_credentials_are_the_trailing_run_of_credential_tokens(printed, expected):
    assert split_credentials(printed) == expected
