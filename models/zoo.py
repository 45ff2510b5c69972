"""The default model set: each name maps to the module that builds, trains and loads it.

Every module listed here provides ``train(seed, out_dir, log) -> dict`` (writes its weight files
into ``out_dir`` and returns a summary with ``wall_s``) and ``load(weights_dir, device)``.
Modules are imported only when used, so listing the zoo is cheap.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from simulator.registry import Registry


@dataclass(frozen=True)
class ZooEntry:
    name: str
    module: str
    summary: str
    depends_on: tuple[str, ...] = ()

    def load_module(self) -> ModuleType:
        return importlib.import_module(self.module)


ZOO: Registry[ZooEntry] = Registry("model")
for entry in (
    ZooEntry("predictor", "models.editing.predictor", "attribute predictor P: 5 heads x 6 degrees"),
    ZooEntry("text_encoder", "models.editing.text_encoder", "LSTM text encoder SE_T → (attribute, direction, change)"),
    ZooEntry("identity", "models.editing.identity_net", "identity-feature network F (ArcFace stand-in)"),
    ZooEntry("deepjscc", "models.jscc.deepjscc", "DeepJSCC image codec, one model per training SNR"),
    ZooEntry("generator", "models.gan.training", "StyleGAN2-style generator G with discriminator D"),
):
    ZOO.register(entry.name, entry)
