"""A learned-feature image distance in the manner of LPIPS, over a CNN trained on the face world.

LPIPS compares two images in the conv activations of an ImageNet classifier: each layer's features
are unit-normalised across channels, squared differences are averaged over positions and the
layers are summed (with learned per-channel weights). Its backbone weights cannot be fetched here,
so this distance uses the conv blocks of a network the project trains itself: the deployed
inversion uses Φ (:mod:`models.editing.perceptual_net`), a network of the attribute predictor's
architecture, whose features are what separates the attribute degrees. Uniform layer weights
stand in for LPIPS's learned ones.
"""
from __future__ import annotations

import torch
from torch import nn


class FeatureDistance:
    """``distance(x, y) → [B]``: Σ over blocks of the mean over positions of ‖φ̂(x) − φ̂(y)‖².

    ``net`` is a module whose ``features`` is a sequence of conv blocks taking images scaled to
    [−1, 1] (as :class:`~models.editing.predictor.AttributePredictor`); it is put in eval mode and
    frozen. x, y: [B, 3, H, W] float32 in [0, 1]. φ̂ is a block's output [B, C, h, w] divided by its
    norm over channels at each position, so each block contributes at most 4.

    >>> from models.editing.predictor import AttributePredictor
    >>> distance = FeatureDistance(AttributePredictor())
    >>> x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    >>> distance(x, x).tolist(), bool((distance(x, x.flip(0)) > 0).all())
    ([0.0, 0.0], True)
    """

    def __init__(self, net: nn.Module) -> None:
        self.net = net.eval().requires_grad_(False)

    def _features(self, images: torch.Tensor) -> list[torch.Tensor]:
        out, h = [], images * 2.0 - 1.0
        for block in self.net.features:
            h = block(h)
            out.append(h / (h.norm(dim=1, keepdim=True) + 1e-10))
        return out

    def __call__(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        total = torch.zeros(x.shape[0], dtype=x.dtype, device=x.device)
        for a, b in zip(self._features(x), self._features(y)):
            total = total + (a - b).square().sum(1).flatten(1).mean(1)
        return total
