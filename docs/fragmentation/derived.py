"""Figures docs/fragmentation.md quotes that no single committed output prints.

    python docs/fragmentation/derived.py > docs/fragmentation/derived.json

Reads committed outputs only (no run): the status quo's years
(status_quo/yearly.csv), the historical replay (docs/history/history.csv, fit.csv and
periods.csv), the record (scenarios/observed/mexico_2007_2024.csv) and the same files of
earlier versions of the model (docs/earlier/). Prints one JSON object: growth rates,
ratios and ranges over years of the status quo (now and before issue #14), the replay's
groups in 2020 against the 2020 network in each version, the splits of the replay's
first replicate, and the replay's errors against the record over the spans the page
names ("below": 1 - model / record). A range is [lowest, highest]; a year
is a key "yYYYY".
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EARLIER = DOCS / "earlier"


def span(values: pd.Series) -> list[float]:
    """Lowest and highest value."""
    return [float(values.min()), float(values.max())]


def growth(frame: pd.DataFrame, column: str, first: int, last: int) -> float:
    """Relative change of a column's median from year ``first`` to year ``last``."""
    by = frame.set_index("year")[f"{column}_median"]
    return float(by[last] / by[first] - 1)


def status_quo(path: Path) -> dict:
    """Growth and ranges of the status quo's yearly medians (2020-2029)."""
    years = pd.read_csv(path).set_index("year")
    med = {c[: -len("_median")]: years[c] for c in years if c.endswith("_median")}
    yearly = {k: v.pct_change().dropna() for k, v in med.items()}
    frame = years.reset_index()
    deaths_per_member = med["member_deaths"] / med["members"]
    return {
        "members_growth_a_year": span(yearly["members"]),
        "members_growth": growth(frame, "members", 2020, 2029),
        "homicides_growth": growth(frame, "homicides", 2020, 2029),
        "homicides_growth_by_year": {f"y{y}": float(g) for y, g in yearly["homicides"].items()},
        "homicides_growth_a_year_2025_2029": span(yearly["homicides"].loc[2025:]),
        "homicides_growth_2024_2029": growth(frame, "homicides", 2024, 2029),
        "members_growth_2024_2029": growth(frame, "members", 2024, 2029),
        "members_growth_2022_2027": growth(frame, "members", 2022, 2027),
        "members_killed_growth_2022_2027": growth(frame, "member_deaths", 2022, 2027),
        "homicides_per_member_killed": span(med["homicides"] / med["member_deaths"]),
        "member_deaths_per_member": {f"y{y}": float(v) for y, v in deaths_per_member.items()},
        "member_deaths_per_member_2024_2029": span(deaths_per_member.loc[2024:]),
        "effective_groups": span(med["effective_cartels"]),
        "leaders_lost": span(med["leaders_lost"]),
        "succession_wars": span(med["succession_wars"]),
        "breakaways": span(med["breakaways"]),
        "births": span(med["births"]),
        "extinctions_above_zero": {
            f"y{y}": float(v) for y, v in med["extinctions"].items() if v > 0
        },
    }


def replay_errors(history: Path, record: pd.Series) -> dict[int, float]:
    """The replay's median homicides over the record, minus 1, by year."""
    model = pd.read_csv(history).set_index("year")["homicides_median"]
    return {int(y): float(model[y] / record[y] - 1) for y in record.index}


def main() -> None:
    """Print the derived figures as one JSON object."""
    observed = pd.read_csv(ROOT / "scenarios" / "observed" / "mexico_2007_2024.csv")
    observed = observed.set_index("year")
    record = observed["homicides_median"]
    network_2020 = float(observed.loc[2020, "active_groups_median"])
    quo = status_quo(DOCS / "fragmentation" / "status_quo" / "yearly.csv")
    quo_before = status_quo(
        EARLIER / "before_issue14" / "fragmentation" / "status_quo" / "yearly.csv"
    )
    first_year = pd.read_csv(DOCS / "fragmentation" / "status_quo" / "yearly.csv").set_index("year")
    groups_2020 = {
        version: float(pd.read_csv(path).set_index("year").loc[2020, "active_groups_median"])
        for version, path in {
            "now": DOCS / "history" / "history.csv",
            "before_issue14": EARLIER / "before_issue14" / "history" / "history.csv",
            "issue13_part1": EARLIER / "issue13_part1" / "history" / "history.csv",
            "before_issue13": EARLIER / "before_issue13" / "history" / "history.csv",
        }.items()
    }
    fit = pd.read_csv(DOCS / "history" / "fit.csv", comment="#").set_index("year")
    early = fit.loc[2010:2017]
    errors_before = replay_errors(EARLIER / "before_issue14" / "history" / "history.csv", record)
    splits = {}
    for version, path in {
        "now": DOCS / "history" / "periods.csv",
        "before_issue14": EARLIER / "before_issue14" / "history" / "periods.csv",
    }.items():
        periods = pd.read_csv(path)
        splits[version] = {
            "splits": int(periods["splits_seed1"].sum()),
            "contested": int(periods["contested_splits_seed1"].sum()),
            "fission": int(periods["fission_splits_seed1"].sum()),
        }
    out = {
        "status_quo": quo,
        "status_quo_before_issue14": quo_before,
        "status_quo_2020_below_record": float(
            1 - first_year.loc[2020, "homicides_median"] / record[2020]
        ),
        "status_quo_against_record": {
            f"y{y}": float(first_year.loc[y, "homicides_median"] / record[y] - 1)
            for y in first_year.index
            if y in record.index
        },
        "network_2020_groups": network_2020,
        "replay_groups_2020": groups_2020,
        "replay_groups_2020_over_network": {
            k: v / network_2020 - 1 for k, v in groups_2020.items()
        },
        "first_replicate_splits": splits,
        "replay_homicides_2010_2012": float(
            fit.loc[2012, "homicides_median"] / fit.loc[2010, "homicides_median"] - 1
        ),
        "record_homicides_2011_2014": float(record[2014] / record[2011] - 1),
        "replay_error_2010_2017": span(early["error"]),
        "replay_2010_2017_record_below_p10_every_year": bool(
            (early.record < early.homicides_p10).all()
        ),
        "replay_largest_error_2019_2024": float(fit.loc[2019:2024, "error"].abs().max()),
        "replay_error_2014_2016_before_issue14": span(pd.Series(errors_before).loc[2014:2016]),
        "replay_below_record_2019_2023_before_issue14": span(
            -pd.Series(errors_before).loc[2019:2023]
        ),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
