"""Alignment of two token sequences in bounded, near-linear work.

``difflib.SequenceMatcher`` is quadratic or worse on repetitive text, so it only ever sees small
regions; a region too tangled to align within the budget is left unaligned (shown as removed
and added whole).
"""

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
# A region of at most this many cells (old tokens × new tokens) is aligned exactly by difflib.
EXACT_CELLS = 4_000
# The steps one alignment may take, per token of the two sequences (plus one exact region).
STEPS_PER_TOKEN = 40


@dataclass(frozen=True)
class Alignment:
    runs: list[tuple[int, int, int]]  # (i, j, n): a[i:i + n] == b[j:j + n], increasing
    steps: int  # the work it took, in token comparisons and difflib cells


def matching_runs(a: Sequence, b: Sequence) -> Alignment:
    """Runs of equal tokens shared by ``a`` and ``b``, in order in both, found in at most
    ``STEPS_PER_TOKEN * (len(a) + len(b)) + EXACT_CELLS`` steps plus a linear pass.

    A region is first trimmed of its common start and end. A small region is then aligned
    exactly by difflib; a larger one is split at the tokens that occur exactly once in each
    side of it (the longest run of them in the same order, as in patience diff), and each part
    aligned the same way. A region with no such token, or met once the budget is spent, is left
    unaligned: removed and added whole.
    """
    budget = STEPS_PER_TOKEN * (len(a) + len(b)) + EXACT_CELLS
    steps, runs = 0, []
    regions = [(0, len(a), 0, len(b))]
    while regions:
        region = regions.pop()
        steps += 1 + (region[1] - region[0]) + (region[3] - region[2])
        a0, a1, b0, b1 = _trimmed(a, b, *region, runs)
        cells = (a1 - a0) * (b1 - b0)
        if not cells or steps > budget:
            continue
        if cells <= EXACT_CELLS:
            steps += cells
            exact = SequenceMatcher(a=a[a0:a1], b=b[b0:b1], autojunk=False)
            runs.extend((a0 + i, b0 + j, n) for i, j, n in exact.get_matching_blocks() if n)
            continue
        anchors = _unique_anchors(a, a0, a1, b, b0, b1)
        steps += (a1 - a0) + (b1 - b0) + len(anchors)
        if not anchors:
            continue
        for i, j in anchors:
            regions.append((a0, i, b0, j))
            runs.append((i, j, 1))
            a0, b0 = i + 1, j + 1
        regions.append((a0, a1, b0, b1))
    return Alignment(_merged(sorted(runs)), steps)


def _trimmed(a, b, a0, a1, b0, b1, runs) -> tuple[int, int, int, int]:
    """The region without its common start and end, which are added to ``runs``."""
    start = a0
    while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
        a0, b0 = a0 + 1, b0 + 1
    if a0 > start:
        runs.append((start, b0 - (a0 - start), a0 - start))
    end = a1
    while a0 < a1 and b0 < b1 and a[a1 - 1] == b[b1 - 1]:
        a1, b1 = a1 - 1, b1 - 1
    if a1 < end:
        runs.append((a1, b1, end - a1))
    return a0, a1, b0, b1


def _unique_anchors(a, a0, a1, b, b0, b1) -> list[tuple[int, int]]:
    """Positions (i, j) of tokens that occur once in ``a[a0:a1]`` and once in ``b[b0:b1]``,
    the longest sequence of them increasing in both."""
    in_a, in_b = Counter(a[a0:a1]), Counter(b[b0:b1])
    where_b = {b[j]: j for j in range(b0, b1) if in_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(a0, a1) if in_a[a[i]] == 1 and a[i] in where_b]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (increasing in i) also increasing in j, in
    O(k log k) (patience sorting)."""
    tail_j: list[int] = []  # tail_j[k]: the smallest j ending an increasing run of k + 1 pairs
    tail: list[int] = []  # the index in pairs of that pair
    before: list[int | None] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tail_j, j)
        before.append(tail[k - 1] if k else None)
        if k == len(tail_j):
            tail_j.append(j)
            tail.append(index)
        else:
            tail_j[k], tail[k] = j, index
    chosen, index = [], tail[-1] if tail else None
    while index is not None:
        chosen.append(pairs[index])
        index = before[index]
    return chosen[::-1]


def _merged(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Adjacent runs joined into one."""
    merged: list[tuple[int, int, int]] = []
    for i, j, n in runs:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return merged


def opcodes(runs, size_a: int, size_b: int) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher.get_opcodes`` of the aligned ``runs``."""
    opcodes, i, j = [], 0, 0
    for ai, bj, n in [*runs, (size_a, size_b, 0)]:
        if i < ai and j < bj:
            opcodes.append(("replace", i, ai, j, bj))
        elif i < ai:
            opcodes.append((DELETE, i, ai, j, bj))
        elif j < bj:
            opcodes.append((INSERT, i, ai, j, bj))
        if n:
            opcodes.append((EQUAL, ai, ai + n, bj, bj + n))
        i, j = ai + n, bj + n
    return opcodes
