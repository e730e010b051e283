"""The harness's check count: a check.Group summary "✓ title [N checks]"
counts N, every other ✓ line one (pure Python, no kernel)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbharness import count_checks  # noqa: E402


def test_plain_lines_count_one_each():
    assert count_checks("✓ pi: 3.14159\n✓ ids: [1 2]\n") == 2


def test_group_line_counts_its_checks():
    assert count_checks("✓ softmax rows [12 checks]\n✓ pi: 3.14\n") == 13


def test_other_lines_and_lookalikes():
    out = "\n".join([
        "merges: 3",                         # not a check
        "  ✓ indented",                       # not at line start
        "✓ title [N checks]",                 # no number: one check
        "✓ a [3 checks] and more",            # summary not at the end: one
        "✓ nested [x] [2 checks]",            # brackets in the title
        "✗ failed [4 checks]",
    ])
    assert count_checks(out) == 1 + 1 + 2
    assert count_checks("") == 0
