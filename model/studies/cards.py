"""The registry of hypothesis cards: every version of every card, with its history.

A card is a claim stated as a paired experiment before it runs: two arms (overrides on the
baseline scenario), an outcome and how it is read (``reduce``), a horizon and a decision
rule (the claimed direction, the interval, the bootstrap). The cards live in a versioned
data file, ``model/studies/cards.toml``, not in code:

- each entry is one **version** of a card, with the date and commit it was registered at
  and a **fingerprint**, a hash of what decides the verdict (arms, outcome, reduce,
  horizon, rule: :func:`fingerprint`);
- changing any of these makes a new version; the old entry stays, marked
  ``status = "superseded"``, with the results that were committed while it was current
  (``[[card.result]]``) and what changed (``change``);
- wording (claim, source, note) can be corrected without a new version.

``tests/test_cards.py`` fails if a stored fingerprint differs from the recomputed one (a
card edited in place), and if the fingerprints in the committed
``docs/hypotheses/hypotheses.csv`` differ from the current cards' (a card changed without
rerunning). ``cartelsim cards`` writes the registry as markdown (``registry.md``).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.experiments.numbers import fmt

REGISTRY = Path(__file__).resolve().parent / "cards.toml"
REDUCTIONS = ("last_year", "total", "final")
DIRECTIONS = {"raises": 1, "lowers": -1}
STATUSES = ("current", "superseded")


@dataclass(frozen=True)
class Rule:
    """The decision rule of a card.

    ``supported`` if the ``interval`` (e.g. 0.90) percentile-bootstrap interval of the
    mean paired difference (``resamples`` resamples, generator seeded with ``seed``)
    excludes zero in the claimed ``direction``; ``refuted`` if it excludes zero the other
    way; ``inconclusive`` otherwise.
    """

    direction: str  # "raises" or "lowers": what the claim says the treatment does
    interval: float = 0.90
    resamples: int = 2000
    seed: int = 0

    @property
    def sign(self) -> int:
        """+1 if the claim says the treatment raises the outcome, -1 if it lowers it."""
        return DIRECTIONS[self.direction]


@dataclass(frozen=True)
class Result:
    """A result of one card version as committed: where, and what it said."""

    commit: str
    date: str
    horizon_years: int
    replicates: int
    effect: float
    ci_low: float
    ci_high: float
    verdict: str
    note: str = ""

    def text(self) -> str:
        """The result in one line: effect, interval, verdict."""
        return (
            f"{_signed(self.effect)} [90% interval {_signed(self.ci_low)} to "
            f"{_signed(self.ci_high)}], **{self.verdict}** ({self.replicates} replicates, "
            f"{self.horizon_years} years)"
        )


@dataclass(frozen=True)
class Card:
    """One version of a claim as a paired experiment (an entry of the registry)."""

    key: str  # the card's id, the same for all its versions
    claim: str  # the hypothesis in words
    source: str
    treatment: dict[str, dict[str, Any]]  # section -> overrides on the baseline scenario
    control: dict[str, dict[str, Any]] = field(default_factory=dict)  # {}: the baseline
    outcome: str = "homicides"
    reduce: str = "last_year"  # "last_year" (sum of the final 52 weeks), "total", "final"
    horizon_years: int = 10
    rule: Rule = field(default_factory=lambda: Rule("raises"))
    version: int = 1
    status: str = "current"
    registered: str = ""  # date the version was defined (YYYY-MM-DD)
    commit: str = ""  # commit that defined it
    fingerprint: str = ""  # as stored in the registry
    note: str = ""
    change: str = ""  # what this version changed from the previous one, and why
    scan: str = ""  # "equal_cost": a price-scan variant of the recruitment card
    arrest_price_usd: float = 0.0  # the price of an arrest the scan variant buys at
    results: tuple[Result, ...] = ()

    @property
    def direction(self) -> int:
        """+1: the claim says the treatment raises the outcome; -1: lowers it."""
        return self.rule.sign

    def outcome_text(self) -> str:
        """The outcome in words."""
        how = {"last_year": "in the final year", "total": "summed over the run",
               "final": "at the end"}[self.reduce]  # fmt: skip
        return f"{self.outcome} {how}"

    def design(self) -> dict[str, Any]:
        """What decides the verdict, the part the fingerprint covers."""
        return {
            "treatment": self.treatment,
            "control": self.control,
            "outcome": self.outcome,
            "reduce": self.reduce,
            "horizon_years": self.horizon_years,
            "rule": {
                "direction": self.rule.direction,
                "interval": self.rule.interval,
                "resamples": self.rule.resamples,
                "seed": self.rule.seed,
            },
        }


def fingerprint(card: Card) -> str:
    """A stable hash of a card's design: arms, outcome, reduce, horizon and rule.

    16 hex digits of the SHA-256 of the design as canonical JSON (sorted keys, no
    spaces); claim, source and notes are not part of it.
    """
    text = json.dumps(card.design(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class RegistryError(ValueError):
    """The registry file is malformed (a missing key, a duplicate version, ...)."""


def _card(entry: dict[str, Any]) -> Card:
    known = {
        "id", "version", "status", "registered", "commit", "fingerprint", "claim",
        "source", "treatment", "control", "outcome", "reduce", "horizon_years", "rule",
        "note", "change", "scan", "arrest_price_usd", "result",
    }  # fmt: skip
    where = f"card {entry.get('id', '?')} v{entry.get('version', '?')}"
    unknown = set(entry) - known
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {sorted(unknown)}")
    for key in ("id", "version", "status", "registered", "commit", "fingerprint", "claim",
                "source", "treatment", "outcome", "reduce", "horizon_years", "rule"):  # fmt: skip
        if key not in entry:
            raise RegistryError(f"{where}: missing {key!r}")
    if entry["reduce"] not in REDUCTIONS:
        raise RegistryError(f"{where}: reduce must be one of {REDUCTIONS}")
    if entry["status"] not in STATUSES:
        raise RegistryError(f"{where}: status must be one of {STATUSES}")
    if entry["rule"].get("direction") not in DIRECTIONS:
        raise RegistryError(f"{where}: rule.direction must be 'raises' or 'lowers'")
    return Card(
        key=entry["id"],
        claim=entry["claim"],
        source=entry["source"],
        treatment=entry["treatment"],
        control=entry.get("control", {}),
        outcome=entry["outcome"],
        reduce=entry["reduce"],
        horizon_years=int(entry["horizon_years"]),
        rule=Rule(**entry["rule"]),
        version=int(entry["version"]),
        status=entry["status"],
        registered=str(entry["registered"]),
        commit=entry["commit"],
        fingerprint=entry["fingerprint"],
        note=entry.get("note", ""),
        change=entry.get("change", ""),
        scan=entry.get("scan", ""),
        arrest_price_usd=float(entry.get("arrest_price_usd", 0.0)),
        results=tuple(Result(**r) for r in entry.get("result", [])),
    )


def load_registry(path: str | Path = REGISTRY) -> tuple[Card, ...]:
    """Every version of every card in the registry, in file order.

    Raises:
        RegistryError: a malformed entry, a repeated (id, version), versions of a card
            that are not 1, 2, ... in order, or not exactly one current version per id.
    """
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    cards = tuple(_card(entry) for entry in data.get("card", []))
    by_id: dict[str, list[Card]] = {}
    for card in cards:
        by_id.setdefault(card.key, []).append(card)
    for key, versions in by_id.items():
        numbers = [c.version for c in versions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise RegistryError(f"card {key}: versions {numbers}, expected 1, 2, ... in order")
        current = [c.version for c in versions if c.status == "current"]
        if current != [numbers[-1]]:
            raise RegistryError(f"card {key}: the last version, and only it, must be current")
    return cards


def current(cards: tuple[Card, ...] | None = None) -> tuple[Card, ...]:
    """The current version of each card, in file order (the cards a run uses)."""
    cards = load_registry() if cards is None else cards
    return tuple(c for c in cards if c.status == "current")


def stale_fingerprints(cards: tuple[Card, ...]) -> list[str]:
    """Versions whose stored fingerprint is not their design's (edited in place)."""
    return [
        f"{c.key} v{c.version}: stored {c.fingerprint}, design gives {fingerprint(c)}"
        for c in cards
        if c.fingerprint != fingerprint(c)
    ]


def _signed(value: float | None) -> str:
    return fmt(value, "+,.1f")


def _exploratory(card: Card, row: Any) -> str:
    """A note when a result was run at another horizon than the card's registered one."""
    if int(row.horizon_years) == card.horizon_years:
        return ""
    return f"; exploratory: registered at {card.horizon_years} years"


def _arm(overrides: dict[str, dict[str, Any]]) -> str:
    return f"`{json.dumps(overrides)}`" if overrides else "the baseline"


def registry_markdown(cards: tuple[Card, ...], latest: Any = None) -> str:
    """The registry as markdown: every version of every card, with its results.

    ``latest``: a ``hypotheses.csv`` table (DataFrame) whose rows carry ``card`` and
    ``fingerprint``; a current version with a row of its id and fingerprint gets that row
    as its latest result (a table without fingerprints, from before the registry, gives
    none).
    """
    rows = {}
    if latest is not None and {"card", "fingerprint"} <= set(getattr(latest, "columns", ())):
        rows = {(r.card, r.fingerprint): r for r in latest.itertuples()}
    lines = [
        "# Hypothesis card registry\n",
        "Every version of every card in `model/studies/cards.toml`, generated by `cartelsim "
        "cards` (and by `cartelsim hypotheses`). A version's fingerprint hashes what decides "
        "its verdict: arms, outcome, horizon and decision rule; changing any of them makes a "
        "new version, and the old one stays here, superseded, with the results committed "
        "while it was current. Results are as committed at the commit named (the model "
        "changed between them; the card did not).\n",
        "| card | version | status | registered | fingerprint | latest result |",
        "|---|---|---|---|---|---|",
    ]
    for c in cards:
        if c.status == "current" and (c.key, c.fingerprint) in rows:
            r = rows[c.key, c.fingerprint]
            last = f"{_signed(r.effect)}, {r.verdict} (this run{_exploratory(c, r)})"
        elif c.results:
            r = c.results[-1]
            last = f"{_signed(r.effect)}, {r.verdict} ({r.commit})"
        else:
            last = "not recorded"
        lines.append(
            f"| {c.key} | {c.version} | {c.status} | {c.registered}, {c.commit} | "
            f"`{c.fingerprint}` | {last} |"
        )
    for c in cards:
        lines += [
            f"\n## {c.key}, version {c.version} ({c.status})\n",
            f"- Claim: {c.claim} ({c.source})",
            f"- Registered {c.registered} at commit {c.commit}; fingerprint `{c.fingerprint}`",
            f"- Treatment: {_arm(c.treatment)}; control: {_arm(c.control)}",
            f"- Outcome: {c.outcome_text()}, {c.horizon_years} years; the claim says the "
            f"treatment {c.rule.direction} it; rule: the {c.rule.interval:.0%} bootstrap "
            f"interval ({c.rule.resamples:,} resamples, seed {c.rule.seed}) of the mean "
            "paired difference",
        ]
        if c.scan:
            lines.append(f"- Price scan `{c.scan}`: an arrest at US${c.arrest_price_usd:,.0f}")
        if c.change:
            lines.append(f"- Changed from version {c.version - 1}: {c.change}")
        if c.note:
            lines.append(f"- Note: {c.note}")
        if c.status == "current" and (c.key, c.fingerprint) in rows:
            r = rows[c.key, c.fingerprint]
            lines.append(
                f"- Latest result (this run): {_signed(r.effect)} [90% interval "
                f"{_signed(r.ci_low)} to {_signed(r.ci_high)}], **{r.verdict}** "
                f"({r.replicates} replicates, {r.horizon_years} years{_exploratory(c, r)})"
            )
        if c.results:
            lines.append("- Results committed:")
            for r in c.results:
                extra = f"; {r.note}" if r.note else ""
                lines.append(f"  - {r.commit} ({r.date}): {r.text()}{extra}")
        elif not (c.status == "current" and (c.key, c.fingerprint) in rows):
            lines.append("- Results committed: not recorded (no committed run used this version)")
    return "\n".join(lines) + "\n"
