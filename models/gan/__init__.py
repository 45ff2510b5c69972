"""The StyleGAN2-style generator G, its discriminator D and encoder E, GAN inversion (SE_I), and
CUDA-free loading of rosinality-layout StyleGAN2 checkpoints.

Images are float32 [B, 3, 64, 64] in [0, 1]; latents are W+ codes [B, G.num_ws, G.w_dim].
"""
from .discriminator import Discriminator
from .encoder import Encoder
from .generator import Generator, GeneratorConfig
from .inversion import InversionResult, invert
from .perceptual import PERCEPTUAL_LOSSES, ms_ssim, ssim
from .stylegan2_checkpoint import load_stylegan2_checkpoint
from .training import load, load_encoder, train

__all__ = [
    "PERCEPTUAL_LOSSES",
    "Discriminator",
    "Encoder",
    "Generator",
    "GeneratorConfig",
    "InversionResult",
    "invert",
    "load",
    "load_encoder",
    "load_stylegan2_checkpoint",
    "ms_ssim",
    "ssim",
    "train",
]
