"""GAN inversion, the image semantic encoder SE_I of Editable-DeepSC (paper eqs. 8–9).

The latent is optimised by Adam to minimise, per image,

    J = λ_inv · MSE(S_I, G(latent)) + P(S_I, G(latent))

where P is a named stand-in for LPIPS (LPIPS weights cannot be fetched here): a structural
similarity (``"ms-ssim"`` by default, see :mod:`models.gan.perceptual`), to which a learned-feature
distance λ_feat·d_φ in a network trained on the face world may be added
(:class:`~models.gan.feature_distance.FeatureDistance`; the deployed SE_I uses Φ, a second
network of the attribute predictor's architecture, see :mod:`models.editing.perceptual_net`).
Each image stops on its own as soon as the relative change of its J between consecutive
iterations falls below ``rel_tol``, or after ``max_iters`` updates. A batch is one optimisation
over B independent latents: the objective is the sum of per-image J, Adam's moments are
elementwise and a stopped image is frozen, so an image's result does not depend on what else is
in the batch.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from .encoder import Encoder
from .feature_distance import FeatureDistance
from .generator import Generator
from .perceptual import perceptual_loss

ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


@dataclass(frozen=True)
class InversionResult:
    """Outcome of :func:`invert` for a batch of B images.

    latents: [B, num_ws, w_dim] float32 — the code E_I (a W-space result is broadcast to W+);
    images: [B, 3, H, W] float32 in [0, 1] — G.synthesis(latents), clamped;
    iters_run: [B] int64 — Adam updates each image received (≤ max_iters);
    loss_history: [T, B] float32 — J of every image at each evaluated iterate (the initial
    latent first); an image's J stays at its last value once it has stopped;
    perceptual_name: the perceptual term used ("ms-ssim", "ssim" or "none", followed by
    "+ λ·features" when a feature distance was added);
    init: where the optimisation started ("w_avg", "encoder" or "given");
    space: "w+" or "w".
    """

    latents: torch.Tensor
    images: torch.Tensor
    iters_run: torch.Tensor
    loss_history: torch.Tensor
    perceptual_name: str
    init: str
    space: str

    @property
    def final_loss(self) -> torch.Tensor:
        """J [B] at the returned latents."""
        return self.loss_history[-1]


def _initial_latent(
    G: Generator, images: torch.Tensor, space: str, init: Encoder | torch.Tensor | None
) -> tuple[torch.Tensor, str]:
    """Starting latent ([B, num_ws, w_dim] for W+, [B, w_dim] for W) and its origin's name."""
    b = images.shape[0]
    if init is None:
        w = G.w_avg.expand(b, -1)
        return (G.broadcast(w) if space == "w+" else w).clone(), "w_avg"
    if isinstance(init, Encoder):
        with torch.no_grad():
            w, deltas = init(images)
        return (w[:, None, :] + deltas if space == "w+" else w).clone(), "encoder"
    expected = (b, G.num_ws, G.w_dim) if space == "w+" else (b, G.w_dim)
    if tuple(init.shape) != expected:
        raise ValueError(f"initial latents for space {space!r} must be {expected}, got {tuple(init.shape)}")
    return init.detach().clone().to(images), "given"


def invert(
    G: Generator,
    images: torch.Tensor,
    *,
    space: str = "w+",
    lr: float = 0.10,
    max_iters: int = 110,
    rel_tol: float = 1e-5,
    lambda_mse: float = 1.0,
    perceptual: str = "ms-ssim",
    init: Encoder | torch.Tensor | None = None,
    features: FeatureDistance | None = None,
    lambda_features: float = 0.0,
) -> InversionResult:
    """Find latents whose G-images match ``images`` [B, 3, H, W] float32 in [0, 1].

    ``space`` "w+" optimises one w per style input, "w" a single broadcast w. ``init`` is None
    (start at G.w_avg), an :class:`Encoder` (start at its code) or a latent tensor. ``lr`` is
    Adam's step size (η_inv), ``lambda_mse`` is λ_inv. ``features`` with ``lambda_features`` > 0
    adds λ_feat·d_φ(G(latent), image) to the perceptual term. G's weights are not changed.
    """
    if space not in ("w+", "w"):
        raise ValueError(f"space must be 'w+' or 'w', got {space!r}")
    if max_iters < 0:
        raise ValueError(f"max_iters must be ≥ 0, got {max_iters}")
    if lambda_features < 0 or (lambda_features > 0 and features is None):
        raise ValueError(f"lambda_features must be ≥ 0 and needs a feature distance, got {lambda_features}")
    structural = perceptual_loss(perceptual)
    with_features = features is not None and lambda_features > 0
    term = (lambda x, y: structural(x, y) + lambda_features * features(x, y)) if with_features else structural
    name = f"{perceptual} + {lambda_features:g}·features" if with_features else perceptual
    to_ws = (lambda v: v) if space == "w+" else G.broadcast

    def objective(latent: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        rendered = G.synthesis(to_ws(latent))
        mse = F.mse_loss(rendered, targets, reduction="none").flatten(1).mean(1)
        return lambda_mse * mse + term(rendered, targets)

    latent, origin = _initial_latent(G, images, space, init)
    first_moment, second_moment = torch.zeros_like(latent), torch.zeros_like(latent)
    active = torch.ones(images.shape[0], dtype=torch.bool, device=images.device)
    iters = torch.zeros(images.shape[0], dtype=torch.int64, device=images.device)
    loss = torch.empty(images.shape[0], device=images.device)
    history = []
    for step in range(max_iters + 1):
        rows = active.nonzero()[:, 0]
        current = latent[rows].requires_grad_(True)
        value = objective(current, images[rows])
        previous = loss[rows]
        loss = loss.clone()
        loss[rows] = value.detach()
        history.append(loss)
        if step > 0:
            settled = (value.detach() - previous).abs() < rel_tol * previous.abs()
            active[rows[settled]] = False
        if step == max_iters or not active.any():
            break
        (grad,) = torch.autograd.grad(value.sum(), current)
        keep = active[rows]
        rows, grad = rows[keep], grad[keep]
        first_moment[rows] = ADAM_BETAS[0] * first_moment[rows] + (1 - ADAM_BETAS[0]) * grad
        second_moment[rows] = ADAM_BETAS[1] * second_moment[rows] + (1 - ADAM_BETAS[1]) * grad.square()
        m_hat = first_moment[rows] / (1 - ADAM_BETAS[0] ** (step + 1))
        v_hat = second_moment[rows] / (1 - ADAM_BETAS[1] ** (step + 1))
        latent[rows] = latent[rows] - lr * m_hat / (v_hat.sqrt() + ADAM_EPS)
        iters[rows] += 1
    with torch.no_grad():
        final = G.synthesis(to_ws(latent)).clamp(0, 1)
    return InversionResult(
        latents=to_ws(latent).detach().contiguous(), images=final, iters_run=iters,
        loss_history=torch.stack(history), perceptual_name=name, init=origin, space=space,
    )
