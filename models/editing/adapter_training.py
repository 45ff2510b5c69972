"""SNR-aware fine-tuning of the adapters ACE/ACD (paper eq. 18), everything else frozen.

For each SNR, ``n_ft`` validation faces (never used at test time) are inverted once; each of the
``r_ft`` iterations sends their latents through ACE → AWGN → ACD → G and takes one Adam step
(lr ``lr``) on the perceptual loss between the received and the original images. LPIPS cannot
be loaded here (its backbone weights are not downloadable), so the perceptual term is the named
substitute ``1 − MS-SSIM`` (recorded in every summary).
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import torch

from models.checkpoints import WEIGHTS_DIR, load_checkpoint, save_checkpoint
from .adapters import ChannelAdapter, adapter_pair
from .latent_signal import LatentSignal, awgn

SNRS_DB = (-6, 0, 6, 12, 18)
PERCEPTUAL = "ms-ssim"


@dataclass(frozen=True)
class AdapterConfig:
    n_ft: int = 10
    r_ft: int = 6
    lr: float = 1e-4
    hidden: int = 16
    inversion_iters: int = 110


def adapter_file(snr_db: float) -> str:
    return f"editable_adapters_snr{int(snr_db)}.pt"


def finetune(G, signal: LatentSignal, ws: torch.Tensor, images: torch.Tensor, snr_db: float,
             config: AdapterConfig, generator: torch.Generator) -> tuple[ChannelAdapter, ChannelAdapter, list[float]]:
    """Fine-tune a fresh (identity) adapter pair for ``snr_db``; returns ACE, ACD and the losses."""
    from models.gan.perceptual import perceptual_loss

    loss_fn = perceptual_loss(PERCEPTUAL)
    k = G.num_ws * G.w_dim // 2
    ace, acd = adapter_pair(k, config.hidden, seed=int(snr_db) + 100)
    optimiser = torch.optim.Adam([*ace.parameters(), *acd.parameters()], lr=config.lr)
    losses = []
    for _ in range(config.r_ft):
        received = acd(awgn(ace(signal.to_symbols(ws)), snr_db, generator))
        loss = loss_fn(G.synthesis(signal.from_symbols(received, G.num_ws)), images).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    return ace.eval(), acd.eval(), losses


def finetune_set(G, E, features, config: AdapterConfig = AdapterConfig(), seed: int = 0,
                 log: Callable[[str], None] = print) -> tuple[torch.Tensor, torch.Tensor]:
    """The ``n_ft`` validation faces [n_ft, 3, 64, 64] the adapters learn from, and their latents
    [n_ft, num_ws, w_dim] by the deployed inversion with Φ's ``features`` (never test faces)."""
    from models.gan.data import face_set, to_float
    from .perceptual_net import invert_faces

    images = to_float(face_set(config.n_ft, split="validation", seed=seed + 21, log=log))
    return images, invert_faces(G, E, features, images, config.inversion_iters).latents.detach()


def train(seed: int = 0, out_dir: Path = WEIGHTS_DIR, log: Callable[[str], None] = print,
          config: AdapterConfig = AdapterConfig(), weights_dir: Path = WEIGHTS_DIR) -> dict:
    """Write one adapter pair per SNR in :data:`SNRS_DB`; returns the summary with the tuned ratio."""
    from models.gan.training import load as load_generator, load_encoder
    from .field_training import load as load_field

    torch.set_num_threads(1)
    started = time.perf_counter()
    G, E = load_generator(weights_dir), load_encoder(weights_dir)
    G.requires_grad_(False)
    M, scale = load_field(weights_dir)
    signal = LatentSignal(G.w_avg, scale)
    from .perceptual_net import load as load_features

    images, ws = finetune_set(G, E, load_features(weights_dir), config, seed, log)
    summary = {"model": "adapters", "seed": seed, "config": asdict(config), "perceptual": PERCEPTUAL, "snrs": {}}
    for snr in SNRS_DB:
        generator = torch.Generator().manual_seed(seed * 1000 + snr)
        ace, acd, losses = finetune(G, signal, ws, images, snr, config, generator)
        save_checkpoint(Path(out_dir) / adapter_file(snr), {**{f"ace.{k}": v for k, v in ace.state_dict().items()},
                                                            **{f"acd.{k}": v for k, v in acd.state_dict().items()}},
                        {"snr_db": snr, "k": G.num_ws * G.w_dim // 2, "hidden": config.hidden})
        summary["snrs"][str(snr)] = {"loss_first": losses[0], "loss_last": losses[-1]}
        log(f"adapters at {snr} dB: perceptual loss {losses[0]:.4f} → {losses[-1]:.4f}")
    tuned = sum(p.numel() for p in adapter_pair(G.num_ws * G.w_dim // 2, config.hidden)[0].parameters()) * 2
    frozen = sum(p.numel() for p in G.parameters()) + sum(p.numel() for p in M.parameters())
    summary["tuned_parameters"] = tuned
    summary["tuned_ratio"] = tuned / (tuned + frozen)
    summary["wall_s"] = time.perf_counter() - started
    (Path(out_dir) / "adapters.train.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def load(weights_dir: Path = WEIGHTS_DIR, snr_db: float = 18.0, device: str = "cpu") -> tuple[ChannelAdapter, ChannelAdapter]:
    """The adapter pair fine-tuned for the SNR in :data:`SNRS_DB` nearest to ``snr_db``."""
    nearest = min(SNRS_DB, key=lambda s: abs(s - snr_db))
    state, meta = load_checkpoint(Path(weights_dir) / adapter_file(nearest))
    ace, acd = adapter_pair(meta["k"], meta["hidden"])
    ace.load_state_dict({k[4:]: v for k, v in state.items() if k.startswith("ace.")})
    acd.load_state_dict({k[4:]: v for k, v in state.items() if k.startswith("acd.")})
    return ace.eval().to(device), acd.eval().to(device)


if __name__ == "__main__":
    train()
