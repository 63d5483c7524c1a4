"""The fixed-seed summaries match the stored baseline (see tests/baseline.py)."""

import json

from .baseline import CASES, PATH, summarize


def test_fixed_seed_runs_match_the_stored_baseline():
    stored = json.loads(PATH.read_text())
    assert set(stored) == set(CASES)
    for name, seed in CASES.items():
        got = summarize(name, seed)
        assert got == stored[name], (
            f"{name} (seed {seed}) changed: {got} != {stored[name]}. If the change is "
            "intended, run `python -m tests.baseline --update` and say why in the commit."
        )
