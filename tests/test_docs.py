"""The docs can't drift: every output column is documented, every local link resolves."""

import re

from model import load_scenario
from model.experiments.run import simulate
from model.outcomes import COLUMNS, OUTCOMES, RECRUITS, SUMMARY

from .conftest import ROOT


def test_every_output_column_is_documented():
    text = (ROOT / "docs" / "output.md").read_text()
    results = simulate(load_scenario(ROOT / "scenarios" / "baseline.toml"), seed=1, steps=3)
    tables = [results.timeseries, results.states, results.events, results.cartels]
    tables.append(results.recruits)
    for frame in tables:
        for column in frame.columns:
            assert f"`{column}`" in text, column
    for column in COLUMNS:  # also every column a sweep stores
        assert f"`{column}`" in text, column


def test_the_recruits_table_and_run_summary_are_documented_as_declared():
    text = (ROOT / "docs" / "output.md").read_text()
    results = simulate(load_scenario(ROOT / "scenarios" / "baseline.toml"), seed=1, steps=3)
    assert list(results.recruits.columns) == list(RECRUITS)
    for name, meaning in RECRUITS.items():
        assert f"| `{name}` | {meaning} |" in text, name
    assert list(results.summary) == [s.name for s in SUMMARY]
    for s in SUMMARY:
        assert f"| `{s.name}` | {s.label} | {s.unit} |" in text, s.name


def test_every_outcome_is_documented_with_its_meaning():
    text = (ROOT / "docs" / "output.md").read_text()
    for o in OUTCOMES.values():  # the row of the Outcomes table, as model/outcomes.py says
        row = f"| `{o.name}` | {o.label} | {o.unit} | {o.reading} |"
        assert row in text, f"docs/output.md: Outcomes table lacks or misstates {row}"


def test_local_links_in_readme_and_docs_resolve():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if target.startswith(("http://", "https://")):
                continue
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def test_architecture_doc_names_every_module():
    """docs/architecture.md maps the package: every module is placed in its layer there."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    model = ROOT / "model"
    for path in model.glob("*.py"):
        if path.stem != "__init__":
            assert f"`{path.name}`" in text, f"docs/architecture.md does not place {path.name}"
    for layer in ("experiments", "studies", "ui"):
        assert f"`model/{layer}/`" in text
        for path in (model / layer).glob("*.py"):
            if path.stem != "__init__":
                assert f"`{path.stem}`" in text, f"docs/architecture.md lacks {layer}/{path.name}"
    for path in (model / "processes").glob("*.py"):
        if path.stem != "__init__":
            assert f"{path.stem}." in text, f"docs/architecture.md lacks processes/{path.name}"
