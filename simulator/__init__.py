"""semsim's simulator: scenario schema, SimPy engine, recorder and CLI."""
from .scenario import Scenario, ScenarioError, load_scenario, parse_scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "parse_scenario"]
