"""Every figure registered in docs/figures.toml is quoted where it says and matches the
committed output it comes from, so a rerun that changes an output without the text (or
an edit of the text without a rerun) fails here."""

import io
import tomllib

import pandas as pd
import pytest

from .conftest import ROOT

FIGURES = tomllib.loads((ROOT / "docs" / "figures.toml").read_text())["figure"]


def plain(text: str) -> str:
    """Typographic dashes and minus signs as '-', so pages and outputs compare."""
    return text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-")


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
    else:
        assert plain(from_csv(figure)) == quote


def test_the_registry_covers_the_readme_headlines():
    """At least the README's headline results are registered (and each entry is usable)."""
    docs = {f["doc"] for f in FIGURES}
    assert "README.md" in docs and len(FIGURES) >= 15
    for figure in FIGURES:
        assert ("contains" in figure) != ("format" in figure and "where" in figure), figure
