"""One optimisation step of the generator's training objective (see :mod:`models.gan.training`).

Generator side (G and E updated together, D frozen)::

    ws      = E(x) = w + m·deltas                   # W+ code of a real face; m ~ Bernoulli(1 − p)
    x_rec   = G.synthesis(ws + σ·ε)                 # σ-perturbed: nearby codes decode nearby
    L_rec   = MSE(x_rec, x) + λ_ssim·(1 − MS-SSIM(x_rec, x)) + λ_Δ·mean(deltas²)
    L_adv   = softplus(−D(G(z)))                    # non-saturating logistic GAN loss
    L_mom   = KL(N(μ, Σ of mapping(z)) ‖ N(μ_E, Σ_E)) / w_dim       # Gaussian moment matching

with μ_E, Σ_E running (EMA) moments of E's w. Dropping the W+ offsets of a fraction p of the
batch makes the single w carry the face by itself, so W space (where G(z) lives) is a face
space and not an average face that the offsets correct. Discriminator side: softplus(D(G(z))) +
softplus(−D(x)) + lazy R1 (γ/2·‖∇ₓD(x)‖², every ``r1_every`` steps, scaled up to match).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from .discriminator import Discriminator
from .encoder import Encoder
from .generator import Generator
from .perceptual import ms_ssim


@dataclass(frozen=True)
class Weights:
    """Loss weights and regularisation strengths of :func:`train_step`."""

    ssim: float = 0.05
    delta: float = 0.01
    delta_dropout: float = 0.5
    adversarial: float = 0.05
    moments: float = 1.0
    latent_noise: float = 0.05
    r1_gamma: float = 1.0
    r1_every: int = 4
    moment_samples: int = 512
    moment_decay: float = 0.98
    midpoint: float = 1.0
    midpoint_batch: int = 8


class LatentMoments:
    """Running mean [w_dim] and covariance [w_dim, w_dim] of the encoder's w (EMA over batches)."""

    def __init__(self, w_dim: int) -> None:
        self.mean = torch.zeros(w_dim)
        self.cov = torch.eye(w_dim)
        self.seen = False

    def update(self, w: torch.Tensor, decay: float) -> None:
        mean, cov = w.mean(0), torch.cov(w.T)
        keep = decay if self.seen else 0.0
        self.mean = keep * self.mean + (1 - keep) * mean
        self.cov = keep * self.cov + (1 - keep) * cov
        self.seen = True

    def state_dict(self) -> dict[str, torch.Tensor]:
        return {"mean": self.mean, "cov": self.cov, "seen": torch.tensor(self.seen)}

    def load_state_dict(self, state: dict[str, torch.Tensor]) -> None:
        self.mean, self.cov, self.seen = state["mean"], state["cov"], bool(state["seen"])


def gaussian_kl(w: torch.Tensor, target: LatentMoments, eps: float = 1e-3) -> torch.Tensor:
    """KL(N(μ_w, Σ_w) ‖ N(μ_E, Σ_E)) per dimension, of the Gaussian fitted to w [N, w_dim].

    Unlike a plain distance between moments it charges variance in directions where E's codes
    hardly vary as heavily as anywhere else, so the mapping cannot spill into latents that G
    never learned to draw. ``eps`` (added to both covariances) keeps the inverse finite.
    """
    d = w.shape[1]
    ridge = eps * torch.eye(d, dtype=w.dtype, device=w.device)
    cov = torch.cov(w.T) + ridge
    chol = torch.linalg.cholesky(target.cov + ridge)
    diff = (w.mean(0) - target.mean)[:, None]
    trace = torch.cholesky_solve(cov, chol).diagonal().sum()
    mahalanobis = (diff * torch.cholesky_solve(diff, chol)).sum()
    log_ratio = 2 * chol.diagonal().log().sum() - torch.linalg.slogdet(cov)[1]
    return 0.5 * (trace + mahalanobis - d + log_ratio) / d


def r1_penalty(D: Discriminator, reals: torch.Tensor) -> torch.Tensor:
    """Mean over the batch of ‖∇ₓ D(x)‖² at real images x [B, 3, R, R]."""
    reals = reals.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(D(reals).sum(), reals, create_graph=True)
    return grad.square().sum(dim=(1, 2, 3)).mean()


def train_step(
    G: Generator,
    E: Encoder,
    D: Discriminator,
    opt_ge: torch.optim.Optimizer,
    opt_d: torch.optim.Optimizer,
    moments: LatentMoments,
    reals: torch.Tensor,
    fake_batch: int,
    step: int,
    weights: Weights,
    rng: torch.Generator,
) -> dict[str, float]:
    """One G/E update then one D update on reals [B, 3, R, R] float32 in [0, 1]; returns the losses.

    All noise (latent perturbation, z) is drawn from ``rng`` so a step is reproducible.
    """
    D.requires_grad_(False)
    w, deltas = E(reals)
    moments.update(w.detach(), weights.moment_decay)
    keep = (torch.rand(reals.shape[0], generator=rng) >= weights.delta_dropout).to(deltas.dtype)
    ws = w[:, None, :] + keep[:, None, None] * deltas
    ws = ws + weights.latent_noise * torch.randn(ws.shape, generator=rng)
    recon = G.synthesis(ws)
    mse = F.mse_loss(recon, reals)
    ssim_loss = (1.0 - ms_ssim(recon, reals)).mean()
    delta = deltas.square().mean()
    z = torch.randn(fake_batch + weights.moment_samples, G.z_dim, generator=rng)
    w_z = G.mapping(z)
    fakes = G.synthesis(G.broadcast(w_z[:fake_batch]))
    adversarial = F.softplus(-D(fakes)).mean()
    moment = gaussian_kl(w_z, moments)
    loss = (
        mse + weights.ssim * ssim_loss + weights.delta * delta
        + weights.adversarial * adversarial + weights.moments * moment
    )
    opt_ge.zero_grad(set_to_none=True)
    loss.backward()
    opt_ge.step()

    D.requires_grad_(True)
    real_sub = reals[:fake_batch]
    d_loss = F.softplus(D(fakes.detach())).mean() + F.softplus(-D(real_sub)).mean()
    r1 = torch.zeros(())
    if step % weights.r1_every == 0:
        r1 = r1_penalty(D, real_sub)
        d_loss = d_loss + weights.r1_gamma / 2 * r1 * weights.r1_every
    opt_d.zero_grad(set_to_none=True)
    d_loss.backward()
    opt_d.step()
    psnr = -10.0 * torch.log10(F.mse_loss(recon.detach().clamp(0, 1), reals))
    return {
        "mse": mse.item(), "psnr_db": psnr.item(), "ms_ssim_loss": ssim_loss.item(), "delta": delta.item(),
        "g_adv": adversarial.item(), "moments": moment.item(), "d_loss": d_loss.item(), "r1": r1.item(),
    }
