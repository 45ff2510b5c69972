"""Loading StyleGAN2 generators saved in the common PyTorch (rosinality) layout, CUDA-free.

The file is a dict with ``g_ema`` (the generator's state dict) and optionally ``latent_avg``
[w_dim]. Its tensor names map onto :class:`~models.gan.generator.Generator` as follows
(N counts from 0):

=================================  ==========================================================
checkpoint                         here
=================================  ==========================================================
``style.{i}.weight/bias``          ``mapping.layers.{i-1}.*`` (``style.0`` is the pixel norm)
``input.input``                    ``synthesis.const``
``conv1.conv.weight`` [1,o,i,k,k]  ``synthesis.conv1.conv.weight`` [o,i,k,k]
``conv1.conv.modulation.*``        ``synthesis.conv1.conv.modulation.*``
``conv1.noise.weight``             ``synthesis.conv1.noise_strength``
``conv1.activate.bias``            ``synthesis.conv1.bias``
``to_rgb1.*``, ``to_rgbs.N.*``     ``synthesis.to_rgb1.*``, ``synthesis.to_rgbs.N.*``
``convs.N.*``                      ``synthesis.convs.N.*`` (same sub-names as ``conv1``)
``noises.noise_0``, ``noise_{N+1}``  ``synthesis.conv1.noise``, ``synthesis.convs.N.noise``
``latent_avg``                     ``w_avg``
=================================  ==========================================================

The FIR kernels the layout stores as buffers (``*.blur.kernel``, ``*.upsample.kernel``) are
checked to be the binomial filter this implementation hard-wires, then dropped. Resolution,
widths, w_dim and mapping depth are read from the tensor shapes; the mapping network's
learning-rate multiplier is not stored in the file and defaults to the layout's 0.01.
"""
from __future__ import annotations

import re
from pathlib import Path

import torch

from models.checkpoints import CheckpointError

from .generator import Generator, GeneratorConfig
from .layers import FIR

_RENAMES = (
    (r"^style\.(\d+)\.(weight|bias)$", lambda m: f"mapping.layers.{int(m[1]) - 1}.{m[2]}"),
    (r"^input\.input$", lambda m: "synthesis.const"),
    (r"^noises\.noise_0$", lambda m: "synthesis.conv1.noise"),
    (r"^noises\.noise_(\d+)$", lambda m: f"synthesis.convs.{int(m[1]) - 1}.noise"),
    (r"^(conv1|convs\.\d+)\.noise\.weight$", lambda m: f"synthesis.{m[1]}.noise_strength"),
    (r"^(conv1|convs\.\d+)\.activate\.bias$", lambda m: f"synthesis.{m[1]}.bias"),
    (r"^(conv1|convs\.\d+|to_rgb1|to_rgbs\.\d+)\.(conv\.weight|conv\.modulation\.weight|conv\.modulation\.bias|bias)$",
     lambda m: f"synthesis.{m[1]}.{m[2]}"),
)
_FIR_BUFFER = re.compile(r"^(convs\.\d+\.conv\.blur|to_rgbs\.\d+\.upsample)\.kernel$")


def _infer_config(state: dict[str, torch.Tensor], mapping_lr_mul: float) -> GeneratorConfig:
    mapping = sorted(int(m[1]) for key in state if (m := re.match(r"^style\.(\d+)\.weight$", key)))
    if "input.input" not in state or not mapping:
        raise CheckpointError("g_ema lacks input.input or style.N.weight: not a StyleGAN2 (rosinality) generator")
    num_convs = len({m[1] for key in state if (m := re.match(r"^convs\.(\d+)\.conv\.weight$", key))})
    channels = [state["input.input"].shape[1]]
    channels += [state[f"convs.{2 * level}.conv.weight"].shape[1] for level in range(num_convs // 2)]
    return GeneratorConfig(
        channels=tuple(int(c) for c in channels),
        w_dim=int(state[f"style.{mapping[0]}.weight"].shape[0]),
        mapping_layers=len(mapping),
        mapping_lr_mul=mapping_lr_mul,
        noise_max_resolution=None,
    )


def _check_fir(key: str, kernel: torch.Tensor) -> None:
    binomial = torch.outer(FIR, FIR)
    binomial = binomial / binomial.sum()
    if kernel.shape != binomial.shape or not torch.allclose(kernel / kernel.sum(), binomial, atol=1e-6):
        raise CheckpointError(f"{key}: only the [1, 3, 3, 1] blur kernel is supported")


def convert_state_dict(state: dict[str, torch.Tensor], mapping_lr_mul: float = 0.01) -> tuple[GeneratorConfig, dict]:
    """A rosinality ``g_ema`` state dict → (config, state dict for :class:`Generator`).

    Raises :class:`CheckpointError` naming any tensor it cannot place.
    """
    config = _infer_config(state, mapping_lr_mul)
    converted, unknown = {}, []
    for key, tensor in state.items():
        if _FIR_BUFFER.match(key):
            _check_fir(key, tensor)
            continue
        for pattern, rename in _RENAMES:
            if match := re.match(pattern, key):
                name = rename(match)
                converted[name] = tensor[0] if name.endswith("conv.weight") else tensor
                break
        else:
            unknown.append(key)
    if unknown:
        raise CheckpointError(f"unrecognised StyleGAN2 tensors: {', '.join(sorted(unknown)[:8])}")
    return config, converted


def load_stylegan2_checkpoint(path: Path | str, mapping_lr_mul: float = 0.01) -> Generator:
    """A :class:`Generator` (eval mode, CPU) with the weights of a rosinality-layout checkpoint.

    Loads with ``weights_only=True``; ``latent_avg`` becomes ``w_avg`` (estimated from the
    mapping network when absent). Output images are ≈[0, 1] (the checkpoint's [−1, 1] mapped).
    """
    path = Path(path)
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise CheckpointError(f"{path}: checkpoint not found") from None
    except Exception as error:  # unsafe pickles and corrupt files alike
        raise CheckpointError(f"{path}: refused to load ({error.__class__.__name__})") from None
    if not isinstance(blob, dict) or "g_ema" not in blob:
        raise CheckpointError(f"{path}: expected a dict with 'g_ema' (rosinality StyleGAN2 layout)")
    config, state = convert_state_dict(blob["g_ema"], mapping_lr_mul)
    G = Generator(config)
    if "latent_avg" in blob:
        state["w_avg"] = blob["latent_avg"].reshape(config.w_dim)
    missing, unexpected = G.load_state_dict(state, strict=False)
    missing = [key for key in missing if key != "w_avg"]
    if missing or unexpected:
        raise CheckpointError(f"{path}: missing {missing[:8]}, unexpected {unexpected[:8]}")
    if "latent_avg" not in blob:
        G.update_w_avg()
    return G.eval()
