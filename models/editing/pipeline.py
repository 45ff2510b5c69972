"""Editable-DeepSC end to end (paper Algorithm 1): invert → read the instruction → edit in W+ with
iterative attribute matching → latent as complex symbols (→ ACE) → channel → (ACD →) G."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from models.checkpoints import WEIGHTS_DIR
from models.world import MAX_DEGREE
from .field import R_EDIT, EditResult, iterative_edit
from .latent_signal import LatentSignal
from .perceptual_net import INVERSION_FEATURE_WEIGHT, invert_faces


@dataclass(frozen=True)
class EditPlan:
    """What the transmitter read from the instruction: attribute, direction ±1, change and the
    expected degree a_exp of eq. 10, all [B], and the attribute degrees a_1..a_5 that eq. 10 starts
    from, ``degrees`` [B, 5] (P's reading of the image the latents were inverted from)."""

    attribute: torch.Tensor
    direction: torch.Tensor
    change: torch.Tensor
    target: torch.Tensor
    degrees: torch.Tensor


class EditableDeepSC:
    """The trained model set: generator G (+ encoder E initialising inversion), predictor P,
    identity network F, editing field M, text encoder SE_T, the latent signal mapping and the
    feature distance over Φ that SE_I's perceptual term uses (None: MS-SSIM alone)."""

    def __init__(self, G, E, P, F, M, text_encoder, signal: LatentSignal, features=None) -> None:
        self.G, self.E, self.P, self.F, self.M, self.text = G, E, P, F, M, text_encoder
        self.signal, self.features = signal, features

    @classmethod
    def load(cls, weights_dir: Path = WEIGHTS_DIR) -> "EditableDeepSC":
        from models.editing.field_training import load as load_field
        from models.editing.identity_net import load as load_identity
        from models.editing.perceptual_net import load as load_features
        from models.editing.predictor import load as load_predictor
        from models.editing.text_encoder import load as load_text
        from models.gan.training import load as load_generator, load_encoder

        G = load_generator(weights_dir)
        G.requires_grad_(False)
        M, scale = load_field(weights_dir)
        return cls(G, load_encoder(weights_dir), load_predictor(weights_dir), load_identity(weights_dir), M,
                   load_text(weights_dir), LatentSignal(G.w_avg, scale), load_features(weights_dir))

    @property
    def symbols(self) -> int:
        """Complex channel uses k per image."""
        return self.G.num_ws * self.G.w_dim // 2

    def invert(self, images: torch.Tensor, r_inv: int = 110, lambda_features: float = INVERSION_FEATURE_WEIGHT):
        """SE_I: images [B, 3, 64, 64] → InversionResult (latents [B, num_ws, w_dim]); ``lambda_features``
        weighs the Φ-feature term of the objective (0: MS-SSIM alone, as before it was added)."""
        return invert_faces(self.G, self.E, self.features, images, r_inv, lambda_features)

    @torch.no_grad()
    def plan(self, texts: list[str], degrees: torch.Tensor) -> EditPlan:
        """Eq. 10 for each of ``texts``. ``degrees`` [B, 5] int64: P's reading of the images that were
        inverted — the paper reads the original image; inversion alone changes about one attribute
        in five (model card), so a plan read off the inverted face would aim at the wrong a_exp."""
        attribute, direction, change = self.text.encode(texts, degrees)
        current = degrees.gather(1, attribute[:, None])[:, 0]
        target = (current + change * direction).clamp(0, MAX_DEGREE)
        return EditPlan(attribute, direction, change, target, degrees)

    def edit(self, ws: torch.Tensor, plan: EditPlan, iam: bool = True, r_edit: int = R_EDIT, refine_iters: int = 0,
             generator: torch.Generator | None = None, confidence: float = 0.0) -> EditResult:
        """Eq. 11 with M (``confidence``: the probability P must give the target for IAM to stop,
        see :func:`iterative_edit`; 0 is the paper's rule); with ``refine_iters`` > 0, then the
        gradient refinement of :mod:`models.editing.refinement` (an ablation, not in the paper)
        towards the plan's degrees with the planned target on the edited attribute."""
        result = iterative_edit(self.G, self.P, self.M, ws, plan.attribute, plan.direction, plan.target, r_edit, iam,
                                confidence)
        if refine_iters <= 0:
            return result
        from .refinement import RefineConfig, refine

        rows = torch.arange(len(ws))
        expected = plan.degrees.clone()
        expected[rows, plan.attribute] = plan.target
        refined = refine(self.G, self.P, self.signal, result.ws, expected, RefineConfig(iters=refine_iters), generator)
        reached = refined.degrees[rows, plan.attribute] == plan.target
        return EditResult(refined.ws, result.steps + refined.iters, reached)

    @torch.no_grad()
    def to_symbols(self, ws: torch.Tensor, ace=None) -> torch.Tensor:
        """Latents → complex64 [B, k] (after the encoder adapter when given)."""
        symbols = self.signal.to_symbols(ws)
        return ace(symbols) if ace is not None else symbols

    @torch.no_grad()
    def from_symbols(self, received: torch.Tensor, acd=None, gain: torch.Tensor | None = None) -> torch.Tensor:
        """Received complex64 [B, k] (→ decoder adapter) → images [B, 3, 64, 64] in [0, 1]. ``gain`` [B]
        float32: the per-image power gain sent as side information (``latent_signal.unit_power``),
        multiplied back before the adapter sees the symbols."""
        if gain is not None:
            received = received * gain[:, None]
        if acd is not None:
            received = acd(received)
        return self.G.synthesis(self.signal.from_symbols(received, self.G.num_ws)).clamp(0, 1)
