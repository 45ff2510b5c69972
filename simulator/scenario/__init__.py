"""Scenario schema and loading."""
from .loader import ScenarioError, load_scenario, parse_scenario
from .scenario import Scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "parse_scenario"]
