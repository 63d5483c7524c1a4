"""Figures: the summary of one run (fragmentation and violence over time), recruits' fates.

Built on ``matplotlib.figure.Figure`` (no pyplot state: quicker to import, safe in
threads); matplotlib is imported only when a figure is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.units import PER_100K, WEEKS_PER_YEAR

POPULATION = 126_014_024  # INEGI 2020 census, the denominator of all per-100k rates
# panel titles at the top of their axes, said outright: left to find it, matplotlib measures
# every tick label of the panel and its twin on each draw to clear ticks drawn above the
# axes, which these panels do not have (the same picture, ~20 ms less)
TITLE_Y = 1.0

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from model.experiments.run import Results


def summary_figure(results: Results) -> Figure:
    """Four panels: groups, concentration, homicides per year and per 100k, members."""
    from matplotlib.figure import Figure

    ts = results.timeseries.iloc[1:]  # step 0 is the initial state (no flows)
    year = ts["year"]
    yearly = (
        ts["homicides"].rolling(WEEKS_PER_YEAR, min_periods=1).sum()
        * WEEKS_PER_YEAR
        / ts["homicides"].rolling(WEEKS_PER_YEAR, min_periods=1).count()
    )
    fig = Figure(figsize=(11, 7))
    axes = fig.subplots(2, 2, sharex=True)
    ax = axes[0, 0]
    ax.plot(year, ts["active_cartels"], label="active groups")
    ax.plot(year, ts["effective_cartels"], label="effective number (1/HHI of members)")
    ax.set_title("Fragmentation", y=TITLE_Y)
    ax.set_ylabel("groups")
    ax.legend(loc="best", fontsize=8)
    ax = axes[0, 1]
    ax.plot(year, ts["largest_share"], color="tab:purple")
    ax.set_title("Largest group's share of members", y=TITLE_Y)
    ax.set_ylabel("share")
    ax.set_ylim(0, 1)
    ax = axes[1, 0]
    ax.plot(year, yearly, color="tab:red")
    ax.set_title(f"Homicides per year ({WEEKS_PER_YEAR}-week rolling)", y=TITLE_Y)
    ax.set_ylabel("homicides a year")
    ax.set_ylim(bottom=0)
    per_100k = ax.twinx()  # same curve, read in per-100k units
    low, high = ax.get_ylim()
    per_100k.set_ylim(low * PER_100K / POPULATION, high * PER_100K / POPULATION)
    per_100k.set_ylabel("per 100k per year")
    ax = axes[1, 1]
    ax.plot(year, ts["members"], label="members")
    ax.plot(year, ts["prisoners"], label="prisoners")
    ax.set_title("People", y=TITLE_Y)
    ax.set_ylabel("persons")
    ax.legend(loc="best", fontsize=8)
    # when policy changed: lever changes on every panel, leader removals under violence
    events = results.events
    changes = events.loc[events["kind"] == "lever_changed", "year"].unique()
    for ax in axes.flat:
        for when in changes:
            ax.axvline(when, color="0.45", ls=":", lw=0.9)
    removals = events.loc[events["kind"] == "leader_removed", "year"]
    ax = axes[1, 0]
    if len(changes):
        ax.plot([], [], color="0.45", ls=":", lw=0.9, label="a lever changed")
    if len(removals):
        ax.plot(removals, [0] * len(removals), "|", color="black", ms=9, mew=1.2, clip_on=False,
                label="leader removed")  # fmt: skip
    if len(changes) or len(removals):
        ax.legend(loc="upper left", fontsize=8)
    for ax in axes[1]:
        ax.set_xlabel("year")
    removed = int(ts["leaders_removed"].sum())
    splits = int(ts["splits"].sum())
    fig.suptitle(
        f"{results.scenario.name} - seed {results.seed} - leaders removed {removed}, "
        f"splits {splits}"
    )
    # fixed margins: tight_layout would draw the whole figure once more just to measure it
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.08, top=0.9, wspace=0.38, hspace=0.25)
    return fig


COHORT_PANELS = (
    ("member", "still in a group"),
    ("dead", "dead"),
    ("prison", "in prison"),
    ("released", "released, outside"),
    ("left", "left (quit, group dissolved, left crime)"),
)


def cohort_figure(cohorts: pd.DataFrame) -> Figure:
    """Fates of each year's recruits: the share in each status k years on, one line a cohort.

    ``cohorts``: :meth:`model.people.People.cohort_frame` (each joining cohort's
    statuses at the end of every run year).
    """
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    fig = Figure(figsize=(13, 3.6))
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.16, top=0.82, wspace=0.08)
    axes = fig.subplots(1, len(COHORT_PANELS), sharex=True, sharey=True)
    years = sorted(cohorts["cohort"].unique())
    colours = colormaps["viridis"]
    for ax, (status, title) in zip(axes, COHORT_PANELS):
        rows = cohorts[cohorts["status"] == status]
        for i, (cohort, one) in enumerate(rows.groupby("cohort", sort=True)):
            colour = colours(i / max(len(years) - 1, 1))
            label = f"{int(cohort)}" if i in (0, len(years) - 1) else None
            ax.plot(one["years_since"], one["share"], color=colour, label=label)
        ax.set_title(title, fontsize=10, y=TITLE_Y)
        ax.grid(alpha=0.3)
    axes[len(axes) // 2].set_xlabel("years after the joining year began")
    axes[0].set_ylabel("share of the year's recruits")
    axes[0].set_ylim(0, 1)
    axes[0].legend(title="joined in", fontsize=8)
    fig.suptitle("What became of each year's recruits")
    return fig
