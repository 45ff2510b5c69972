"""Training the generator G (with its discriminator D and encoder E) on rendered faces.

Objective (details in :mod:`models.gan.objective`): the StyleGAN2 adversarial game —
non-saturating logistic loss for G on samples G(z), logistic loss plus lazy R1 on reals for D —
joined by a reconstruction path: an encoder E maps each real face to W+ (w plus per-layer
offsets) and G must redraw it (MSE + λ·(1 − MS-SSIM), offsets penalised and dropped for half
the batch, codes jittered by σ-noise), while the mapping network's w is pulled to E's w
distribution by a Gaussian KL between their means and covariances.

Why: a pure GAN at 64×64 needs hundreds of thousands of images' worth of updates before its
range covers held-out faces, far beyond a one-core CPU hour. The reconstruction path makes every
real face reachable in W+ from the first steps (what inversion needs: PSNR ≥ 22 dB), the latent
jitter makes decoding smooth around each code (what latent editing and a noisy channel need),
dropping the offsets makes the single w a face code by itself, the moment matching sends G(z)
into the region E's w populates (so random samples are faces), and the adversarial term
sharpens those samples. A midpoint term (:mod:`models.gan.midpoint`, a second G/E update each
step) makes G draw the world's in-between degree halfway between the codes of two degrees of an
attribute, which latent editing and inversion both need. E is saved too: it starts inversion
near the answer.

Runs on ``threads`` CPU threads (2 by default: the result is reproducible for a given thread
count on one kind of CPU; another CPU gives other weights of the same quality, see the model
card), checkpoints its full state every ``checkpoint_every`` steps and resumes
from that file (bit-identical continuation: the step's randomness comes from seeded generators
whose states are saved).
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import torch

from models.checkpoints import WEIGHTS_DIR, load_checkpoint, save_checkpoint

from .data import CACHE_DIR, face_set, to_float
from .discriminator import Discriminator
from .encoder import Encoder
from .evaluation import evaluate_trained
from .generator import Generator, GeneratorConfig
from .midpoint import edit_triplets, midpoint_step
from .objective import LatentMoments, Weights, train_step

GENERATOR_FILE = "generator.pt"
DISCRIMINATOR_FILE = "discriminator.pt"
ENCODER_FILE = "gan_encoder.pt"
SUMMARY_FILE = "generator.train.json"


@dataclass(frozen=True)
class TrainConfig:
    """Schedule and sizes. The defaults take about 43 minutes on two CPU cores."""

    steps: int = 4000
    batch: int = 16
    fake_batch: int = 8
    lr: float = 2e-3
    betas_ge: tuple[float, float] = (0.5, 0.99)
    betas_d: tuple[float, float] = (0.0, 0.99)
    decay_start: float = 0.6
    final_lr_fraction: float = 0.05
    num_faces: int = 30_000
    generator: GeneratorConfig = GeneratorConfig()
    encoder_channels: tuple[int, ...] = (16, 32, 64, 128, 128)
    discriminator_channels: tuple[int, ...] = (16, 32, 64, 128, 128)
    weights: Weights = field(default_factory=Weights)
    midpoint_triplets: int = 3000
    threads: int = 2
    checkpoint_every: int = 100
    log_every: int = 25
    eval_faces: int = 64

    def lr_at(self, step: int) -> float:
        """Constant, then a cosine decay to ``final_lr_fraction``·lr over the last steps."""
        start = int(self.decay_start * self.steps)
        if step < start:
            return self.lr
        progress = (step - start) / max(1, self.steps - start)
        cosine = 0.5 * (1 + math.cos(math.pi * progress))
        return self.lr * (self.final_lr_fraction + (1 - self.final_lr_fraction) * cosine)

    def to_dict(self) -> dict:
        values = asdict(self)
        values["generator"] = self.generator.to_dict()
        return values

    def trajectory(self) -> dict:
        """The fields that decide the trained weights (a saved state resumes only if they match)."""
        return {k: v for k, v in self.to_dict().items() if k not in ("checkpoint_every", "log_every", "eval_faces")}


class _Run:
    """Everything a training run carries between steps, saved and restored as one state dict."""

    def __init__(self, config: TrainConfig, seed: int) -> None:
        self.G = Generator(config.generator, seed=seed)
        self.E = Encoder(self.G.num_ws, self.G.w_dim, config.encoder_channels, seed=seed + 1)
        self.D = Discriminator(config.discriminator_channels, seed=seed + 2)
        self.opt_ge = torch.optim.Adam([*self.G.parameters(), *self.E.parameters()], config.lr, betas=config.betas_ge)
        self.opt_d = torch.optim.Adam(self.D.parameters(), config.lr, betas=config.betas_d)
        self.moments = LatentMoments(self.G.w_dim)
        self.noise_rng = torch.Generator().manual_seed(seed + 3)
        self.midpoint_rng = torch.Generator().manual_seed(seed + 99)
        self.step = 0
        self.elapsed_s = 0.0

    def state_dict(self) -> dict:
        return {
            "G": self.G.state_dict(), "E": self.E.state_dict(), "D": self.D.state_dict(),
            "opt_ge": self.opt_ge.state_dict(), "opt_d": self.opt_d.state_dict(),
            "moments": self.moments.state_dict(), "noise_rng": self.noise_rng.get_state(),
            "midpoint_rng": self.midpoint_rng.get_state(),
            "step": self.step, "elapsed_s": self.elapsed_s,
        }

    def load_state_dict(self, state: dict) -> None:
        self.G.load_state_dict(state["G"])
        self.E.load_state_dict(state["E"])
        self.D.load_state_dict(state["D"])
        self.opt_ge.load_state_dict(state["opt_ge"])
        self.opt_d.load_state_dict(state["opt_d"])
        self.moments.load_state_dict(state["moments"])
        self.noise_rng.set_state(state["noise_rng"])
        self.midpoint_rng.set_state(state["midpoint_rng"])
        self.step, self.elapsed_s = int(state["step"]), float(state["elapsed_s"])


def _batches(num_faces: int, batch: int, seed: int):
    """Face indices [batch] int64 per step: seeded reshuffles of the set, epoch after epoch."""
    rng = torch.Generator().manual_seed(seed)
    while True:
        order = torch.randperm(num_faces, generator=rng)
        for i in range(num_faces // batch):
            yield order[i * batch : (i + 1) * batch]


def train(
    seed: int = 0,
    out_dir: Path = WEIGHTS_DIR,
    log: Callable[[str], None] = print,
    *,
    config: TrainConfig = TrainConfig(),
    faces: torch.Tensor | None = None,
    triplets: torch.Tensor | None = None,
    state_path: Path | None = None,
) -> dict:
    """Train G, E and D; write generator.pt, discriminator.pt, gan_encoder.pt and the summary.

    ``faces`` [N, 3, 64, 64] uint8 replaces the rendered training set and ``triplets``
    [N, 3, 3, 64, 64] uint8 the midpoint term's degree triplets (tests pass a few);
    ``state_path`` (default: in the render cache, keyed by seed) holds the resumable state — an
    existing file is resumed from, and removed once the weights are written. Returns the summary
    (also written as generator.train.json) with ``wall_s``, the wall time of this call.
    """
    started = time.perf_counter()
    threads = torch.get_num_threads()
    torch.set_num_threads(config.threads)
    try:
        return _train(seed, Path(out_dir), log, config, faces, triplets, state_path, started)
    finally:
        torch.set_num_threads(threads)


def _train(seed: int, out_dir: Path, log: Callable[[str], None], config: TrainConfig, faces: torch.Tensor | None,
           triplets: torch.Tensor | None, state_path: Path | None, started: float) -> dict:
    faces = face_set(config.num_faces, seed=seed, log=log) if faces is None else faces
    if triplets is None and config.weights.midpoint > 0:
        triplets = edit_triplets(config.midpoint_triplets, seed, log=log)
    state_path = Path(state_path or CACHE_DIR / f"generator-train-state-s{seed}.pt")
    run = _Run(config, seed)
    if state_path.exists():
        state = torch.load(state_path, weights_only=True)
        if state["config"] == config.trajectory():
            run.load_state_dict(state["run"])
            log(f"resumed from {state_path} at step {run.step}")
        else:
            log(f"ignoring {state_path}: it was saved by a run with a different configuration")
    order = _batches(len(faces), config.batch, seed + 4)
    for _ in range(run.step):  # replay the data order up to the resumed step
        next(order)
    history, logged = [], {}
    clock = time.perf_counter()
    while run.step < config.steps:
        for group in run.opt_ge.param_groups + run.opt_d.param_groups:
            group["lr"] = config.lr_at(run.step)
        reals = to_float(faces[next(order)])
        losses = train_step(run.G, run.E, run.D, run.opt_ge, run.opt_d, run.moments, reals,
                            config.fake_batch, run.step, config.weights, run.noise_rng)
        if config.weights.midpoint > 0:
            losses |= midpoint_step(run.G, run.E, run.opt_ge, triplets, config.weights.midpoint_batch,
                                    config.weights.midpoint, config.weights.ssim, run.midpoint_rng)
        history.append(losses)
        run.step += 1
        if run.step % config.log_every == 0 or run.step == config.steps:
            logged = {k: sum(h[k] for h in history) / len(history) for k in history[0]}
            log(f"step {run.step}/{config.steps} " + " ".join(f"{k}={v:.4g}" for k, v in logged.items())
                + f" t={run.elapsed_s + time.perf_counter() - clock:.0f}s")
            history.clear()
        if run.step % config.checkpoint_every == 0 and run.step < config.steps:
            run.elapsed_s += time.perf_counter() - clock
            clock = time.perf_counter()
            state_path.parent.mkdir(parents=True, exist_ok=True)
            torch.save({"config": config.trajectory(), "run": run.state_dict()}, state_path)
    run.elapsed_s += time.perf_counter() - clock
    return _finish(run, config, seed, out_dir, state_path, started, logged, log)


def _finish(run: _Run, config: TrainConfig, seed: int, out_dir: Path, state_path: Path, started: float,
            last_losses: dict[str, float], log: Callable[[str], None]) -> dict:
    run.G.update_w_avg(seed=seed)
    meta = {"config": config.generator.to_dict(), "seed": seed, "steps": config.steps}
    save_checkpoint(out_dir / GENERATOR_FILE, run.G.state_dict(), meta)
    save_checkpoint(out_dir / ENCODER_FILE, run.E.state_dict(),
                    {"num_ws": run.G.num_ws, "w_dim": run.G.w_dim, "channels": list(config.encoder_channels)})
    save_checkpoint(out_dir / DISCRIMINATOR_FILE, run.D.state_dict(),
                    {"channels": list(config.discriminator_channels)})
    summary = {
        "model": "generator",
        "objective": "non-saturating logistic GAN + lazy R1 on reals; encoder reconstruction "
                     "(MSE + λ·(1−MS-SSIM), W+ offsets penalised and dropped for half the batch, latent "
                     "jitter); mapping w matched to encoder w by a Gaussian KL of their means and "
                     "covariances; midpoint term: G at the W+ mean of E's codes for degrees d and "
                     "d+2 of one attribute must redraw degree d+1 (second G/E update per step)",
        "why": "a pure GAN cannot cover held-out faces within a one-core CPU hour; the encoder path "
               "makes every face reachable in W+ (inversion), the jitter keeps decoding smooth "
               "(editing, channel noise), offset dropout makes w alone a face code, moment "
               "matching puts G(z) where E's codes are (samples are faces), the adversarial "
               "term sharpens them, and the midpoint term puts the in-between degrees of an "
               "attribute on the straight W+ lines that latent editing walks",
        "seed": seed,
        "train_config": config.to_dict(),
        "parameters": {name: sum(p.numel() for p in net.parameters()) for name, net in
                       (("generator", run.G), ("encoder", run.E), ("discriminator", run.D))},
        "train_s": run.elapsed_s,
        "last_logged_losses": last_losses,
    }
    log(f"wrote {out_dir / GENERATOR_FILE} after {config.steps} steps in {run.elapsed_s:.0f} s")
    if config.eval_faces:
        log(f"evaluating inversion on {config.eval_faces} held-out faces")
        held_out = to_float(face_set(config.eval_faces, split="test", seed=1, log=log))
        summary["evaluation"] = evaluate_trained(run.G.eval(), run.E.eval(), held_out)
    summary["wall_s"] = time.perf_counter() - started
    (out_dir / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n")
    state_path.unlink(missing_ok=True)
    return summary


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu") -> Generator:
    """The trained generator from ``weights_dir``/generator.pt, in eval mode on ``device``."""
    state, meta = load_checkpoint(Path(weights_dir) / GENERATOR_FILE)
    G = Generator(GeneratorConfig.from_dict(meta["config"]))
    G.load_state_dict(state)
    return G.eval().to(device)


def load_encoder(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu") -> Encoder:
    """The encoder trained with the generator (``gan_encoder.pt``), in eval mode on ``device``."""
    state, meta = load_checkpoint(Path(weights_dir) / ENCODER_FILE)
    E = Encoder(meta["num_ws"], meta["w_dim"], tuple(meta["channels"]))
    E.load_state_dict(state)
    return E.eval().to(device)
