"""``semsim eval models``: measure every default model on held-out data and write the model card."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

from models.checkpoints import WEIGHTS_DIR

CARD = Path(__file__).resolve().parents[1] / "README.md"


def evaluate_all(weights_dir: Path = WEIGHTS_DIR, faces: int = 96, log: Callable[[str], None] = print) -> dict:
    """Every section of the card; a component whose weights are missing is reported as such."""
    from models.checkpoints import CheckpointError
    from models.editing.adapter_training import load as load_adapters
    from models.editing.pipeline import EditableDeepSC
    from .components import deepjscc_card, identity_card, predictor_card, text_encoder_card
    from .editing_eval import evaluate_editing
    from .inversion_eval import inversion_card

    sections = {
        "predictor": predictor_card, "text_encoder": text_encoder_card, "identity": identity_card,
        "deepjscc": deepjscc_card,
        "inversion": lambda d: inversion_card(EditableDeepSC.load(d), log=log),
        "editable_deepsc": lambda d: evaluate_editing(EditableDeepSC.load(d), lambda snr: load_adapters(d, snr), faces),
    }
    card = {}
    for name, measure in sections.items():
        log(f"evaluating {name}")
        started = time.perf_counter()
        try:
            card[name] = measure(weights_dir)
        except (CheckpointError, FileNotFoundError) as error:
            card[name] = {"unavailable": str(error)}
        card[name]["eval_wall_s"] = round(time.perf_counter() - started, 1)
    card["training"] = {p.name.removesuffix(".train.json"): _training_summary(p)
                        for p in sorted(Path(weights_dir).glob("*.train.json"))}
    for name, summary in card["training"].items():
        summary["file_parameters"] = file_parameters(Path(weights_dir), name)
    card["weights_mb"] = round(sum(p.stat().st_size for p in Path(weights_dir).glob("*")) / 2**20, 2)
    return card


def file_parameters(weights_dir: Path, component: str) -> dict[str, int]:
    """Tensor elements in each weight file of ``component`` (the zoo's file pattern), by file name;
    empty for a name the zoo does not know. Counted from the files, so every model gets a figure,
    whether or not its training summary recorded one. A file that does not load is left out rather
    than failing the card at its end, after the measurements (the sections above report such files)."""
    from models.checkpoints import CheckpointError, load_checkpoint
    from models.zoo import ZOO

    if component not in ZOO:
        return {}
    counts = {}
    for path in sorted(weights_dir.glob(ZOO.get(component).files)):
        try:
            counts[path.name] = sum(t.numel() for t in load_checkpoint(path)[0].values())
        except CheckpointError:
            continue
    return counts


def _training_summary(path: Path) -> dict:
    data = json.loads(path.read_text())
    keep = ("wall_s", "train_s", "seed", "parameters", "tuned_ratio", "tuned_parameters")
    return {k: data[k] for k in keep if k in data}
