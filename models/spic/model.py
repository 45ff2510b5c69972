"""SPIC's receiver: diffusion super-resolution of the coarse image, guided by the part map."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from models.world.parts import NUM_PARTS

from .schedule import DdpmSchedule
from .unet import SpadeUNet


class SpicReceiver(nn.Module):
    """``reconstruct(coarse_up [B, 3, H, W] float32 in [0, 1], parts [B, H, W] int64) -> images
    [B, 3, H, W] float32 in [0, 1]``: DDIM from the coarse image noised to step ``t_start``."""

    def __init__(self, width: int = 24, classes: int = NUM_PARTS, t_start: int = 400, sampling_steps: int = 20):
        """``t_start`` of the 1000 DDPM steps: how far the coarse image is noised before sampling."""
        super().__init__()
        self.unet = SpadeUNet(width, classes)
        self.schedule = DdpmSchedule()
        self.t_start, self.sampling_steps = t_start, sampling_steps

    def one_hot(self, parts: torch.Tensor) -> torch.Tensor:
        """Part ids [B, H, W] int64 → [B, classes, H, W] float32."""
        return F.one_hot(parts, self.unet.classes).permute(0, 3, 1, 2).float()

    def loss(self, images: torch.Tensor, coarse_up: torch.Tensor, parts: torch.Tensor,
             generator: torch.Generator) -> torch.Tensor:
        """The DDPM ε-prediction loss at steps drawn uniformly from all 1000 (inputs in [0, 1])."""
        x0, cond = images * 2 - 1, coarse_up * 2 - 1
        t = torch.randint(0, self.schedule.steps, (len(x0),), generator=generator)
        eps = torch.randn(x0.shape, generator=generator)
        return F.mse_loss(self.unet(self.schedule.noise(x0, t, eps), cond, t, self.one_hot(parts)), eps)

    @torch.no_grad()
    def reconstruct(self, coarse_up: torch.Tensor, parts: torch.Tensor,
                    generator: torch.Generator | None = None, noise: torch.Tensor | None = None) -> torch.Tensor:
        """``noise`` [B, 3, H, W] (default drawn from ``generator``) is the starting noise."""
        cond, segmap = coarse_up * 2 - 1, self.one_hot(parts)
        noise = torch.randn(cond.shape, generator=generator) if noise is None else noise
        x = self.schedule.ddim(lambda x_t, t: self.unet(x_t, cond, t, segmap), cond, self.t_start,
                               self.sampling_steps, noise)
        return ((x + 1) / 2).clamp(0, 1)
