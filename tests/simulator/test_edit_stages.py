"""The editing stages on real models: eq. 10 starts from P's reading of the image that was inverted."""
import numpy as np
import torch

from models.world import MAX_DEGREE
from simulator.scenario.scheme_params import EditingParams
from simulator.schemes.edit_stages import edit_stage, editing_models, inversion_stage


def test_the_plan_starts_from_the_source_images_reading(edit_requests):
    requests = edit_requests(3)
    inversion_stage("ue", EditingParams(scheme="editable_deepsc", r_inv=20), lambda r: r.image).call(requests)
    source = editing_models().P.predict(torch.from_numpy(np.stack([r.image for r in requests])))
    assert [r.edit["source_degrees"] for r in requests] == source.tolist()
    # A reading the latents cannot have produced shows which degrees eq. 10 used.
    requests[0].edit["source_degrees"] = [MAX_DEGREE] * 5
    requests[1].edit["source_degrees"] = [0] * 5
    finished = []
    edit_stage("edit", "ue", EditingParams(scheme="editable_deepsc", r_edit=2),
               finish=lambda rs, ws: finished.append(ws)).call(requests)
    assert finished[0].shape == (3, *requests[0].payload.data.shape)
    for request in requests:
        edit = request.edit
        start = edit["source_degrees"][edit["plan_attribute"]]
        assert edit["plan_target"] == min(max(start + edit["plan_change"], 0), MAX_DEGREE)
        assert 0 <= edit["steps"] <= 2
