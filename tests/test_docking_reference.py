"""scenarios/science2023.toml (agent model) follows the published equations (scipy)."""

import numpy as np

from model import CartelModel, load_scenario
from model.metrics import timeseries_frame
from model.studies.docking import pc2023_reference

from .conftest import ROOT


def test_science2023_agent_run_tracks_the_published_equations():
    scenario = load_scenario(ROOT / "scenarios" / "science2023.toml")
    weeks = 156
    reference = pc2023_reference(scenario, weeks)
    runs = [
        timeseries_frame(CartelModel(scenario, rng=seed).run(weeks))["members"].to_numpy()
        for seed in (1, 2, 3)
    ]
    median = np.median(runs, axis=0)
    assert abs(median[0] - reference[0]) <= 1
    assert reference[-1] > reference[0]  # the published model grows under the status quo
    # integer people and random draws: within 2% after three years
    assert np.all(np.abs(median - reference) / reference < 0.02)
