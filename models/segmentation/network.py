"""A small U-Net that labels every pixel of a 64×64 face with one of the world's nine parts."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from models.world.parts import NUM_PARTS


def _block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True),
                         nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True))


class SegmentationNet(nn.Module):
    """``forward(images [B, 3, H, W] float32 in [0, 1]) -> logits [B, 9, H, W] float32``;
    ``segment(images) -> parts [B, H, W] int64``. H and W must be multiples of 4."""

    def __init__(self, width: int = 16, classes: int = NUM_PARTS) -> None:
        super().__init__()
        self.width, self.classes = width, classes
        w = width
        self.down1, self.down2, self.middle = _block(3, w), _block(w, 2 * w), _block(2 * w, 4 * w)
        self.up2, self.up1 = _block(6 * w, 2 * w), _block(3 * w, w)
        self.head = nn.Conv2d(w, classes, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        d1 = self.down1(images)
        d2 = self.down2(F.max_pool2d(d1, 2))
        m = self.middle(F.max_pool2d(d2, 2))
        u2 = self.up2(torch.cat([F.interpolate(m, scale_factor=2.0), d2], 1))
        u1 = self.up1(torch.cat([F.interpolate(u2, scale_factor=2.0), d1], 1))
        return self.head(u1)

    @torch.no_grad()
    def segment(self, images: torch.Tensor) -> torch.Tensor:
        return self(images).argmax(1)


def mean_iou(predicted: torch.Tensor, truth: torch.Tensor, classes: int = NUM_PARTS) -> float:
    """Mean over the classes present in ``truth`` or ``predicted`` of the intersection over union
    of the two label maps [B, H, W] int64, pooled over the batch (0..1)."""
    ious = []
    for c in range(classes):
        p, t = predicted == c, truth == c
        union = int((p | t).sum())
        if union:
            ious.append(int((p & t).sum()) / union)
    return float(sum(ious) / len(ious)) if ious else 1.0
