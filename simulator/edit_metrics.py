"""Scoring an editing scheme's output against the ideal edit the face world renders."""
from __future__ import annotations

from functools import cached_property

import numpy as np
import torch

from models.instructions import resolve
from models.metrics import psnr_db, ssim
from models.world import ATTRIBUTES, Face, render

NAN = float("nan")
EDIT_COLUMNS = ["instruction", "edit_attribute", "edit_target", "psnr_ideal_db", "ssim_ideal", "edit_success",
                "preserved", "identity_l1"]


def ideal_edit(face: Face, instruction) -> tuple[np.ndarray, torch.Tensor]:
    """The same identity with the instructed degrees: image [3, S, S] float32 and target degrees [5]."""
    target = resolve(instruction, face.degrees)
    return render(Face(face.identity, tuple(int(d) for d in target)))[0].numpy(), target


class EditJudge:
    """The attribute predictor P and identity network F, loaded once per run, as the judges.

    ``edit_success``: P sees the instructed degree on the instructed attribute; ``preserved``:
    the share of the other four attributes P reads as it read them on the original; ``identity_l1``:
    L1 distance of F features between the shown and the original image.
    """

    @cached_property
    def _models(self):
        from models.editing.identity_net import load as load_identity
        from models.editing.predictor import load as load_predictor

        return load_predictor(), load_identity()

    def columns(self, request, shown: np.ndarray | None) -> dict:
        row = dict.fromkeys(EDIT_COLUMNS, NAN)
        instruction = request.instruction
        if instruction is None:
            return row | {"instruction": "", "edit_attribute": "", "edit_target": -1}
        ideal, target = ideal_edit(request.face, instruction)
        row |= {"instruction": instruction.text, "edit_attribute": ATTRIBUTES[instruction.attribute],
                "edit_target": int(target[instruction.attribute])}
        if shown is None:
            return row
        P, F = self._models
        with torch.no_grad():
            images = torch.from_numpy(np.stack([shown, request.image])).float()
            seen = P.predict(images)
            features = F(images)
        others = [i for i in range(len(ATTRIBUTES)) if i != instruction.attribute]
        return row | {
            "psnr_ideal_db": psnr_db(ideal, shown), "ssim_ideal": ssim(ideal, shown),
            "edit_success": float(seen[0, instruction.attribute] == target[instruction.attribute]),
            "preserved": float((seen[0, others] == seen[1, others]).float().mean()),
            "identity_l1": float((features[0] - features[1]).abs().sum()),
        }
