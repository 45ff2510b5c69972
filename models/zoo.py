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
    files: str
    depends_on: tuple[str, ...] = ()

    def load_module(self) -> ModuleType:
        return importlib.import_module(self.module)


ZOO: Registry[ZooEntry] = Registry("model")
for entry in (
    ZooEntry("predictor", "models.editing.predictor", "attribute predictor P: 5 heads x 6 degrees", "predictor.pt"),
    ZooEntry("perceptual_net", "models.editing.perceptual_net",
             "feature network Φ of SE_I's learned perceptual term (LPIPS stand-in; P's recipe, seed + 1)",
             "perceptual_net.pt"),
    ZooEntry("text_encoder", "models.editing.text_encoder", "LSTM text encoder SE_T over word + character n-gram embeddings → (attribute, direction, change)",
             "text_encoder.pt"),
    ZooEntry("identity", "models.editing.identity_net", "identity-feature network F (ArcFace stand-in)", "identity.pt"),
    ZooEntry("deepjscc", "models.jscc.deepjscc", "DeepJSCC image codec, one model per training SNR",
             "deepjscc_snr*.pt"),
    ZooEntry("generator", "models.gan.training", "StyleGAN2-style generator G with discriminator D",
             "generator.pt"),
    ZooEntry("editing_field", "models.editing.field_training", "editing field M of JECC (eq. 11-15)", "editing_field.pt",
             ("generator", "predictor", "identity", "perceptual_net")),
    ZooEntry("adapters", "models.editing.adapter_training", "SNR-aware adapters ACE/ACD per SNR (eq. 16-18)",
             "editable_adapters_snr*.pt",
             ("editing_field", "perceptual_net")),
    ZooEntry("segmentation", "models.segmentation.training", "face-part segmentation U-Net (9 parts)",
             "segmentation.pt"),
    ZooEntry("spic_sr", "models.spic.training", "SPIC receiver: SPADE U-Net diffusion x4 super-resolution",
             "spic_sr.pt"),
    ZooEntry("mlsc_image", "models.mlsc.training", "MLSC-image: caption + part map + pixels, joint analog code",
             "mlsc_image_k*.pt", ("segmentation",)),
):
    ZOO.register(entry.name, entry)
