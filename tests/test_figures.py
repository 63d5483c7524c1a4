"""Every figure registered in docs/figures.toml is quoted where it says and matches the
committed output it comes from, so a rerun that changes an output without the text (or
an edit of the text without a rerun) fails here."""

import io
import json
import re
import tomllib

import pandas as pd
import pytest

from .conftest import ROOT

FIGURES = tomllib.loads((ROOT / "docs" / "figures.toml").read_text())["figure"]

# pages that quote measured results: each must have at least one registered figure
PAGES_WITH_RESULTS = (
    "README.md",
    "docs/calibration.md",
    "docs/prisons.md",
    "docs/recruits.md",
    "docs/dashboard.md",
    "docs/docking.md",
    "docs/fragmentation.md",
    "docs/output.md",
    "benchmarks/scale.md",
)


def plain(text: str) -> str:
    """Typographic dashes and minus signs as '-', exponents without leading zeros
    ('1.97e-03' as '1.97e-3'), so pages and outputs compare."""
    text = text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"(\de[+-]?)0+(\d)", r"\1\2", text)


def from_csv(figure: dict) -> str:
    """The figure's row of its CSV output, formatted as the page quotes it."""
    lines = (ROOT / figure["source"]).read_text().splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))  # fit.py's notes
    table = pd.read_csv(io.StringIO(text))
    rows = table
    for column, value in figure["where"].items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{figure['source']}: {figure['where']} selects {len(rows)} rows"
    return figure["format"].format(**rows.iloc[0].to_dict())


def from_json(figure: dict) -> str:
    """The figure's JSON output, formatted as the page quotes it (top-level keys by name,
    nested values by [key] or [index])."""
    return figure["format"].format(**json.loads((ROOT / figure["source"]).read_text()))


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f"{f['doc']}: {f['quote']}")
def test_a_quoted_figure_matches_its_output(figure):
    page = plain((ROOT / figure["doc"]).read_text())
    quote = plain(figure["quote"])
    assert quote in " ".join(page.split()), f"{figure['doc']} no longer quotes {quote!r}"
    if "contains" in figure:
        output = plain((ROOT / figure["source"]).read_text())
        assert plain(figure["contains"]) in output, (
            f"{figure['source']} lacks {figure['contains']!r}"
        )
    elif "where" in figure:
        assert plain(from_csv(figure)) == quote
    else:
        assert plain(from_json(figure)) == quote


def test_the_registry_covers_the_pages_that_quote_results():
    """The README's headline results and every page that quotes results are registered,
    and each entry is one of the three kinds (contains; CSV where + format; JSON format)."""
    docs = {f["doc"] for f in FIGURES}
    assert len([f for f in FIGURES if f["doc"] == "README.md"]) >= 15
    assert not set(PAGES_WITH_RESULTS) - docs, set(PAGES_WITH_RESULTS) - docs
    for figure in FIGURES:
        kinds = ("contains" in figure, "where" in figure)
        assert kinds in ((True, False), (False, True), (False, False)), figure
        if "contains" not in figure:
            assert "format" in figure, figure
        if kinds == (False, False):
            assert figure["source"].endswith(".json"), figure


def test_every_script_rerun_names_exists_and_every_docs_script_is_rerun():
    """docs/rerun.sh names only scripts that exist, and names every script under docs/:
    each is rerun, or its header says why not (an input made from outside data)."""
    rerun = (ROOT / "docs" / "rerun.sh").read_text()
    named = set(re.findall(r"((?:docs|benchmarks)/[\w/]+\.py)", rerun))
    assert named, "docs/rerun.sh names no script"
    for script in sorted(named):
        assert (ROOT / script).is_file(), f"docs/rerun.sh runs {script}, which is missing"
    scripts = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.py")}
    assert not scripts - named, f"not rerun by docs/rerun.sh: {sorted(scripts - named)}"
