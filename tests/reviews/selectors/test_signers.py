"""Who the public is told reviewed the live text: ``credited_signers``, a pure rule."""

from reviews.selectors import ReviewerName, Signature, credited_signers


def sig(signoff_id: int, revision_id: int, reviewer_id: int, name: str) -> Signature:
    return Signature(signoff_id, revision_id, reviewer_id, name, "MD")


def credited(live, signatures) -> list[str]:
    return [p.name for p in credited_signers(live_revision_id=live, signatures=signatures)]


def test_nothing_is_credited_without_a_live_text_or_a_signature_at_or_before_it():
    assert credited(None, [sig(1, 5, 1, "Ann")]) == []
    assert credited(7, []) == []
    assert credited(4, [sig(1, 5, 1, "Ann")]) == []  # signed a later draft, not the live text


def test_one_signature_at_or_before_the_live_revision_credits_its_signer_as_printed():
    assert credited(5, [sig(1, 5, 1, "Ann")]) == ["Ann"]
    assert credited(9, [sig(1, 5, 1, "Ann")]) == ["Ann"]  # editorial changes since
    (person,) = credited_signers(live_revision_id=5, signatures=[sig(1, 5, 3, "Ann")])
    assert person == ReviewerName("Ann", "MD") and person.reviewer_id == 3


def test_the_newest_signed_revision_counts_each_signer_once_in_signing_order():
    signatures = [
        sig(1, 2, 1, "Old"),  # an earlier review
        sig(4, 6, 2, "Bo"),
        sig(3, 6, 1, "Ann"),
        sig(5, 6, 1, "Ann Lee"),  # Ann again: her latest printing
        sig(6, 8, 3, "Draft"),  # after the live revision
    ]
    assert credited(7, signatures) == ["Ann Lee", "Bo"]
    assert credited(7, iter(signatures)) == ["Ann Lee", "Bo"]  # any iterable
    assert credited(7, [signatures[-1]]) == []
