"""The CLI, the README and docs/cli.md agree: every command and option is documented
where a user looks, and nothing documented is missing from the tool."""

import argparse
import re

from model.ui.cli import build_parser

from .conftest import ROOT

DOCS = (ROOT / "README.md").read_text() + (ROOT / "docs" / "cli.md").read_text()


def commands() -> dict[str, argparse.ArgumentParser]:
    """Each sub-command's parser, by name."""
    (sub,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    """The long options of a parser (not --help)."""
    return {s for a in parser._actions for s in a.option_strings if s.startswith("--")} - {"--help"}


def test_every_command_and_option_is_documented():
    cli = (ROOT / "docs" / "cli.md").read_text()
    shared = cli.split("\n## ", 1)[0]  # options every command shares are described once, here
    for name, parser in commands().items():
        assert f"cartelsim {name}" in DOCS, f"`cartelsim {name}` is not in README or docs/cli.md"
        section = cli.split(f"## `cartelsim {name}", 1)
        assert len(section) == 2, f"docs/cli.md has no section for `cartelsim {name}`"
        body = section[1].split("\n## ", 1)[0]
        for option in options(parser):
            assert option in body or option in shared, f"docs/cli.md: {name} lacks {option}"


def test_every_documented_option_exists():
    known = {name: options(parser) for name, parser in commands().items()}
    for line in DOCS.splitlines():
        for name, flags in re.findall(r"cartelsim ([a-z-]+)((?: [^`\n]*)?)", line):
            if name not in known:
                continue
            for flag in re.findall(r"--[a-z][a-z-]*", flags):
                assert flag in known[name], f"documented `cartelsim {name} {flag}` does not exist"


def test_the_readme_summary_lists_every_command():
    readme = (ROOT / "README.md").read_text()
    summary = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    usage = summary.split("\n\n")[1]  # the indented block of usage lines
    entries = re.split(r"\n(?=    cartelsim )", usage)  # one entry per command, continued lines
    for name, parser in commands().items():
        entry = next((e for e in entries if e.strip().startswith(f"cartelsim {name} ")), "")
        assert entry, f"README's command summary lacks {name}"
        for option in options(parser) - {"--quiet"}:
            assert option in entry, f"README's summary for {name} lacks {option}"
