"""cartelsim: an agent-based model of Mexican cartel fragmentation under policy."""

from model.model import CartelModel
from model.scenario import Scenario, ScenarioError, load_scenario, with_overrides

__all__ = ["CartelModel", "Scenario", "ScenarioError", "load_scenario", "with_overrides"]
__version__ = "0.1.0"
