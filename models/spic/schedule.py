"""The DDPM noise schedule (1000 linear β steps) and the deterministic DDIM sampler over a few of them."""
from __future__ import annotations

from collections.abc import Callable

import torch

STEPS = 1000


class DdpmSchedule:
    """Linear β from ``beta_start`` to ``beta_end`` over ``steps``; ``alpha_bar`` [steps] float32 is
    the cumulative product of 1 − β, the signal fraction (in power) left at each step."""

    def __init__(self, steps: int = STEPS, beta_start: float = 1e-4, beta_end: float = 0.02) -> None:
        self.steps = steps
        self.alpha_bar = torch.cumprod(1.0 - torch.linspace(beta_start, beta_end, steps), 0)

    def noise(self, x0: torch.Tensor, t: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
        """x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·ε for images [B, C, H, W] and steps ``t`` [B] int64."""
        a = self.alpha_bar[t].view(-1, 1, 1, 1)
        return a.sqrt() * x0 + (1 - a).sqrt() * eps

    def ddim(self, predict_eps: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], start: torch.Tensor,
             t_start: int, sampling_steps: int, noise: torch.Tensor) -> torch.Tensor:
        """Noise ``start`` [B, C, H, W] (an estimate of x0) with ``noise`` (same shape, standard normal)
        to step ``t_start``, then walk ``sampling_steps`` evenly spaced DDIM steps (η = 0, so this
        noise is the only randomness) back to x0 with ``predict_eps(x_t, t [B])``."""
        times = torch.linspace(t_start, 0, sampling_steps + 1).round().long()
        x = self.noise(start, torch.full((len(start),), int(times[0])), noise)
        for t, t_next in zip(times[:-1].tolist(), times[1:].tolist()):
            a, a_next = self.alpha_bar[t], self.alpha_bar[t_next] if t_next > 0 else torch.tensor(1.0)
            eps = predict_eps(x, torch.full((len(x),), t, dtype=torch.int64, device=x.device))
            x0 = ((x - (1 - a).sqrt() * eps) / a.sqrt()).clamp(-1, 1)
            x = a_next.sqrt() * x0 + (1 - a_next).sqrt() * eps
        return x
