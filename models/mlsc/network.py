"""MLSC-image: multi-level semantics (caption, part map, pixels) → one joint semantic-channel code.

l = 3 branches map each level to a 16×16 feature map; a conv joint semantic-channel encoder
turns their concatenation into k complex symbols normalised to unit average power. The decoder
recovers per-level features from the noisy symbols, predicts the map and the attributes as
auxiliary outputs, and a fusion module merges the levels into the image.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from models.world.attributes import NUM_ATTRIBUTES, NUM_DEGREES
from models.world.parts import NUM_PARTS

from .caption import CaptionEncoder


def _down(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 5, stride=2, padding=2), nn.PReLU(c_out))


def _up(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.ConvTranspose2d(c_in, c_out, 5, stride=2, padding=2, output_padding=1), nn.PReLU(c_out))


class MlscImage(nn.Module):
    """``encode(images [B, 3, 64, 64] in [0, 1], parts [B, 64, 64] int64, tokens [B, L] int64)
    -> symbols [B, k] complex64`` (unit power); ``decode(symbols) -> (images [B, 3, 64, 64] in
    [0, 1], part logits [B, 9, 64, 64], degree logits [B, 5, 6])``. k/n = k / 12288."""

    def __init__(self, symbols: int = 1024, width: int = 32, text_dim: int = 32, size: int = 64) -> None:
        super().__init__()
        self.symbols, self.width, self.size = symbols, width, size
        cells = (size // 4) ** 2
        if (2 * symbols) % cells:
            raise ValueError(f"2·symbols = {2 * symbols} must be a multiple of the {cells} latent cells")
        self.latent, c = 2 * symbols // cells, width
        self.text = CaptionEncoder(text_dim)
        self.pixel_branch = nn.Sequential(_down(3, c // 2), _down(c // 2, c))
        self.map_branch = nn.Sequential(_down(NUM_PARTS, c // 4), _down(c // 4, c // 2))
        self.text_branch = nn.Linear(text_dim, c // 2)
        self.joint_encoder = nn.Sequential(nn.Conv2d(2 * c, c, 3, padding=1), nn.PReLU(c),
                                           nn.Conv2d(c, self.latent, 3, padding=1))
        self.joint_decoder = nn.Sequential(nn.Conv2d(self.latent, 2 * c, 3, padding=1), nn.PReLU(2 * c),
                                           nn.Conv2d(2 * c, 2 * c, 3, padding=1), nn.PReLU(2 * c))
        self.map_decoder = nn.Sequential(_up(c // 2, c // 4), _up(c // 4, c // 4), nn.Conv2d(c // 4, NUM_PARTS, 3, padding=1))
        self.text_decoder = nn.Linear(c // 2, NUM_ATTRIBUTES * NUM_DEGREES)
        # Fusion: pixel features gated by the text features, joined with the recovered map features.
        self.text_gate = nn.Linear(c // 2, c)
        self.fusion = nn.Sequential(nn.Conv2d(c + c // 2, c, 3, padding=1), nn.PReLU(c), _up(c, c // 2),
                                    _up(c // 2, c // 2), nn.Conv2d(c // 2, 3, 3, padding=1), nn.Sigmoid())

    @property
    def cbr(self) -> float:
        """k / n with n = H·W·C source dimensions."""
        return self.symbols / (3 * self.size * self.size)

    def encode(self, images: torch.Tensor, parts: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        side = self.size // 4
        segmap = F.one_hot(parts, NUM_PARTS).permute(0, 3, 1, 2).float()
        text = self.text_branch(self.text(tokens))[:, :, None, None].expand(-1, -1, side, side)
        joint = torch.cat([self.pixel_branch(images), self.map_branch(segmap), text], 1)
        symbols = torch.view_as_complex(self.joint_encoder(joint).reshape(len(images), self.symbols, 2).contiguous())
        return symbols / torch.sqrt(symbols.abs().square().mean(1, keepdim=True) + 1e-12)

    def decode(self, symbols: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        side, c = self.size // 4, self.width
        real = torch.view_as_real(symbols.to(torch.complex64)).reshape(len(symbols), self.latent, side, side)
        h = self.joint_decoder(real)
        pixels, maps, text = h[:, :c], h[:, c:c + c // 2], h[:, c + c // 2:].mean((2, 3))
        gated = pixels * torch.sigmoid(self.text_gate(text))[:, :, None, None]
        images = self.fusion(torch.cat([gated, maps], 1))
        return images, self.map_decoder(maps), self.text_decoder(text).reshape(-1, NUM_ATTRIBUTES, NUM_DEGREES)
