"""Several cells: users are spread over cells, each with its own PRBs and scheduler."""
import pandas as pd
import pytest

from simulator.run import run_scenario
from simulator.scenario import ScenarioError, parse_scenario

from .conftest import ROOT, small_scenario


def test_cell_index_beyond_count_is_one_line():
    text = (ROOT / "scenarios/quickstart.yaml").read_text()
    text = text.replace("  scheduler: proportional_fair", "  scheduler: proportional_fair\n  count: 2")
    text = text.replace("    count: 3\n    placement: {distance_m: 250}", "    count: 3\n    cell: 2\n    placement: {distance_m: 250}")
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "cells.yaml")
    assert str(error.value) == ("cells.yaml: users: group 'far' names cell 2, but cell.count is 2 "
                                "(cells are 0 to 1)")


def test_users_share_out_over_cells_each_with_its_own_prbs(tmp_path):
    scenario = small_scenario(**{"cell.count": 2, "cell.n_prb": 6, "cell.bandwidth_hz": None,
                                 "users.0.count": 3, "users.1.cell": 1})
    scenario = scenario.model_copy(update={"schemes": scenario.schemes[:1], "samples_per_scheme": 0})
    run = run_scenario(scenario, tmp_path, run_id="cells")
    stages = pd.read_parquet(run / "stages.parquet").query("kind == 'radio'")
    cell_of = dict(zip(stages.user_id, stages.node))
    # Group a (users 0-2) round robin over cell0/cell1; group b (user 3) pinned to cell 1.
    assert cell_of == {u: f"cell{c}" for u, c in {0: 0, 1: 1, 2: 0, 3: 1}.items() if u in cell_of}
    assert set(cell_of.values()) == {"cell0", "cell1"}
    grants = pd.read_parquet(run / "allocations.parquet")
    grants["cell"] = grants.user_id.map(cell_of)
    per_slot = grants.groupby(["cell", "slot"]).prb_count.sum()
    assert per_slot.max() <= 6
