"""DeepJSCC (Bourtsoulatze, Kurka & Gündüz 2019): images straight to channel symbols and back.

A conv encoder (strided 5×5 convs, PReLU) maps a 64×64 image to k = 1024 complex symbols
(CBR = k / (H·W·C) = 1024 / 12288 = 1/12), normalised per image to unit average power; the
decoder (transposed convs, PReLU, sigmoid) maps noisy symbols back to an image. One model per
training SNR, each trained through an AWGN channel at its SNR, so quality degrades gracefully
rather than falling off a cliff when the test SNR drops below the training SNR.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from models.checkpoints import WEIGHTS_DIR, CheckpointError, load_checkpoint, save_checkpoint
from models.rendered import CACHE_DIR, FaceSet, face_set
from models.training import batch_indices, build_seeded, write_summary

TRAINING_SNRS_DB = (-6, 0, 6, 12, 18)
_FILE = re.compile(r"deepjscc_snr(-?\d+)\.pt$")


def weights_file(snr_db: int) -> str:
    return f"deepjscc_snr{snr_db}.pt"


@dataclass(frozen=True)
class DeepJSCCConfig:
    """Architecture (``channels``, ``symbols``) and training hyper-parameters.

    Training runs one shared stage at SNRs drawn uniformly from the training range, then
    trains a copy at each SNR of ``snrs_db`` on its own.
    """

    channels: int = 32
    symbols: int = 1024
    snrs_db: tuple[int, ...] = TRAINING_SNRS_DB
    train_identities: int = 4000
    train_per_identity: int = 8
    eval_identities: int = 250
    eval_per_identity: int = 4
    shared_steps: int = 2500
    own_steps: int = 700
    batch: int = 32
    lr: float = 1e-3


def awgn(symbols: torch.Tensor, snr_db: float | torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """``symbols`` [B, k] complex64 of unit average power plus complex white Gaussian noise.

    ``snr_db`` (a float or [B] tensor, dB) sets the noise power per complex symbol to
    10^(−snr/10), split equally between the real and imaginary parts.
    """
    snr = torch.as_tensor(snr_db, dtype=torch.float32).reshape(-1, 1)
    sigma = torch.sqrt(10.0 ** (-snr / 10.0) / 2.0)
    noise = torch.randn((*symbols.shape, 2), generator=generator, device=symbols.device)
    return symbols + sigma.to(symbols.device) * torch.view_as_complex(noise)


class DeepJSCC(nn.Module):
    """``encode(images [B, 3, 64, 64] float32 in [0, 1]) -> symbols [B, k] complex64`` (unit power);
    ``decode(symbols [B, k] complex64) -> images [B, 3, 64, 64] float32 in [0, 1]``.

    ``snr_db`` is the SNR (dB) the model was trained at; it is metadata, not an input.
    """

    def __init__(self, channels: int = 32, symbols: int = 1024, snr_db: float = 0.0, size: int = 64) -> None:
        super().__init__()
        self.symbols, self.snr_db, self.size = symbols, snr_db, size
        cells = (size // 4) ** 2
        if (2 * symbols) % cells:
            raise ValueError(f"2·symbols = {2 * symbols} must be a multiple of the {cells} latent cells")
        self.latent = 2 * symbols // cells
        c = channels
        self.encoder = nn.Sequential(
            nn.Conv2d(3, c // 2, 5, stride=2, padding=2), nn.PReLU(c // 2),
            nn.Conv2d(c // 2, c, 5, stride=2, padding=2), nn.PReLU(c),
            nn.Conv2d(c, c, 3, padding=1), nn.PReLU(c),
            nn.Conv2d(c, c, 3, padding=1), nn.PReLU(c),
            nn.Conv2d(c, self.latent, 3, padding=1),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(self.latent, c, 3, padding=1), nn.PReLU(c),
            nn.ConvTranspose2d(c, c, 3, padding=1), nn.PReLU(c),
            nn.ConvTranspose2d(c, c, 3, padding=1), nn.PReLU(c),
            nn.ConvTranspose2d(c, c // 2, 5, stride=2, padding=2, output_padding=1), nn.PReLU(c // 2),
            nn.ConvTranspose2d(c // 2, 3, 5, stride=2, padding=2, output_padding=1), nn.Sigmoid(),
        )

    @property
    def cbr(self) -> float:
        """Channel bandwidth ratio k / (H·W·C)."""
        return self.symbols / (3 * self.size * self.size)

    def encode(self, images: torch.Tensor) -> torch.Tensor:
        real = self.encoder(images).reshape(len(images), self.symbols, 2)
        symbols = torch.view_as_complex(real.contiguous())
        power = symbols.abs().square().mean(1, keepdim=True)
        return symbols / torch.sqrt(power + 1e-12)

    def decode(self, symbols: torch.Tensor) -> torch.Tensor:
        side = self.size // 4
        real = torch.view_as_real(symbols.to(torch.complex64)).reshape(len(symbols), self.latent, side, side)
        return self.decoder(real)

    def forward(self, images: torch.Tensor, snr_db: float | torch.Tensor, generator: torch.Generator | None = None):
        """Images [B, 3, 64, 64] after encoding, an AWGN channel at ``snr_db`` and decoding."""
        return self.decode(awgn(self.encode(images), snr_db, generator))


@torch.no_grad()
def mean_psnr_db(model: DeepJSCC, faces: FaceSet, snr_db: float, seed: int = 0) -> float:
    """Average over ``faces`` of each image's PSNR (dB, peak 1) after the channel at ``snr_db``."""
    was_training = model.training
    model.eval()
    generator = torch.Generator().manual_seed(seed)
    values = []
    for start in range(0, len(faces), 250):
        images = faces.floats(slice(start, start + 250))
        mse = (model(images, snr_db, generator) - images).square().mean((1, 2, 3))
        values.append(10 * torch.log10(1.0 / mse))
    model.train(was_training)
    return float(torch.cat(values).mean())


def _fit(
    model: DeepJSCC, faces: FaceSet, steps: int, batch: int, lr: float,
    snr_of_batch: Callable[[int], float | torch.Tensor], generator: torch.Generator,
    log: Callable[[str], None], label: str,
) -> None:
    """Minimise pixel MSE through the AWGN channel at the SNR(s) ``snr_of_batch(batch size)`` gives."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    batches = batch_indices(len(faces), batch, generator)
    model.train()
    for step in range(1, steps + 1):
        images = faces.floats(next(batches))
        loss = F.mse_loss(model(images, snr_of_batch(len(images)), generator), images)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % 500 == 0 or step == steps:
            log(f"deepjscc {label} step {step}/{steps} loss {loss.item():.5f} (PSNR {-10 * loss.log10().item():.2f} dB)")


def train(
    seed: int = 0,
    out_dir: Path = WEIGHTS_DIR,
    log: Callable[[str], None] = print,
    config: DeepJSCCConfig = DeepJSCCConfig(),
    cache_dir: Path = CACHE_DIR,
) -> dict:
    """Train one DeepJSCC per SNR of ``config.snrs_db``; report test PSNR for every (model, test SNR)."""
    torch.set_num_threads(1)
    started = time.perf_counter()
    faces = face_set("train", config.train_identities, config.train_per_identity, cache_dir=cache_dir, log=log)
    test = face_set("test", config.eval_identities, config.eval_per_identity, cache_dir=cache_dir, log=log)
    generator = torch.Generator().manual_seed(seed)
    low, high = min(config.snrs_db), max(config.snrs_db)
    shared = build_seeded(seed, lambda: DeepJSCC(config.channels, config.symbols))
    _fit(shared, faces, config.shared_steps, config.batch, config.lr,
         lambda b: low + (high - low) * torch.rand(b, generator=generator), generator, log, "shared")
    shared_wall_s = time.perf_counter() - started
    matrix, own_psnr, walls = {}, {}, {}
    for snr in config.snrs_db:
        begun = time.perf_counter()
        model = DeepJSCC(config.channels, config.symbols, snr_db=snr)
        model.load_state_dict(shared.state_dict())
        _fit(model, faces, config.own_steps, config.batch, config.lr / 2, lambda b: float(snr), generator, log,
             f"{snr:+d} dB")
        row = {f"{t:+d}": round(mean_psnr_db(model, test, t, seed + 1), 3) for t in config.snrs_db}
        matrix[f"{snr:+d}"], own_psnr[f"{snr:+d}"] = row, row[f"{snr:+d}"]
        walls[f"{snr:+d}"] = round(shared_wall_s / len(config.snrs_db) + time.perf_counter() - begun, 1)
        meta = {"channels": config.channels, "symbols": config.symbols, "snr_db": snr, "seed": seed,
                "wall_s": walls[f"{snr:+d}"], "test_psnr_db": own_psnr[f"{snr:+d}"]}
        save_checkpoint(Path(out_dir) / weights_file(snr), model.state_dict(), meta)
        log(f"deepjscc {snr:+d} dB: test PSNR by test SNR {row}")
    wall_s = round(time.perf_counter() - started, 1)
    summary = {"wall_s": wall_s, "seed": seed, "params_per_model": sum(p.numel() for p in shared.parameters()),
               "cbr": shared.cbr, "test_psnr_db_at_own_snr": own_psnr,
               "test_psnr_db_model_by_test_snr": matrix, "wall_s_per_model": walls,
               "shared_stage_wall_s": round(shared_wall_s, 1), "test_faces": len(test), "config": asdict(config)}
    write_summary(out_dir, "deepjscc", summary)
    return summary


def available_snrs(weights_dir: Path = WEIGHTS_DIR) -> list[int]:
    """Training SNRs (dB) of the DeepJSCC weight files in ``weights_dir``, ascending."""
    return sorted(int(m.group(1)) for p in Path(weights_dir).glob("deepjscc_snr*.pt") if (m := _FILE.search(p.name)))


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu", snr_db: float = 12.0) -> DeepJSCC:
    """The DeepJSCC trained at the SNR nearest ``snr_db`` (ties go to the higher SNR), in eval mode."""
    snrs = available_snrs(weights_dir)
    if not snrs:
        raise CheckpointError(f"{weights_dir}: no deepjscc_snr*.pt weight files (train them with `semsim train`)")
    nearest = min(snrs, key=lambda s: (abs(s - snr_db), -s))
    state, meta = load_checkpoint(Path(weights_dir) / weights_file(nearest))
    model = DeepJSCC(meta["channels"], meta["symbols"], snr_db=meta["snr_db"])
    model.load_state_dict(state)
    return model.to(device).eval()


if __name__ == "__main__":
    train()
