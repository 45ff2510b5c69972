"""F, the identity-feature network: a stand-in for the ArcFace face-recognition model of Editable-DeepSC.

No face-recognition weights can be downloaded here, so F is trained on the face world: a CNN maps
a face to a 128-d L2-normalised embedding, trained as a large-margin cosine (CosFace) classifier
over the training identities, each seen under several random attribute degrees, so that the
embedding keeps what an edit may not change and ignores the five attributes. Backgrounds are
swapped for random gradients half of the time, so F recognises the face rather than the backdrop.
The identity loss of eq. 13 is ``(F(I_a) − F(I_b)).abs().sum(1)``.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from models.checkpoints import WEIGHTS_DIR, load_checkpoint, save_checkpoint
from models.editing.augment import degrade
from models.editing.predictor import conv_block
from models.rendered import CACHE_DIR, FaceSet, face_set
from models.training import batch_indices, build_seeded, write_summary

WEIGHTS_FILE = "identity.pt"


@dataclass(frozen=True)
class IdentityConfig:
    """Architecture (``widths``, ``embedding``) and training hyper-parameters."""

    widths: tuple[int, ...] = (32, 48, 64, 96)
    embedding: int = 128
    train_identities: int = 4000
    train_per_identity: int = 8
    eval_identities: int = 250
    eval_per_identity: int = 4
    epochs: int = 4
    batch: int = 64
    lr: float = 3e-3
    scale: float = 30.0  # CosFace s: logits are s·cos θ
    margin: float = 0.35  # CosFace m, subtracted from the true identity's cosine
    background_swap: float = 0.5


class IdentityNet(nn.Module):
    """``forward(images [B, 3, 64, 64] float32 in [0, 1]) -> embeddings [B, 128]`` float32, unit L2 norm."""

    def __init__(self, widths: tuple[int, ...] = IdentityConfig.widths, embedding: int = 128, size: int = 64):
        super().__init__()
        self.widths, self.embedding = tuple(widths), embedding
        channels = (3, *self.widths)
        self.features = nn.Sequential(*(conv_block(a, b) for a, b in zip(channels[:-1], channels[1:])))
        cells = (size // 2 ** len(self.widths)) ** 2
        self.project = nn.Sequential(nn.Linear(self.widths[-1] * cells, embedding), nn.BatchNorm1d(embedding))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.project(self.features(images * 2.0 - 1.0).flatten(1)), dim=1)


class CosFaceHead(nn.Module):
    """Training-only classifier: logits [B, I] = s·(cos θ − m·[true identity]) over I identities."""

    def __init__(self, embedding: int, identities: int, scale: float, margin: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(identities, embedding) / math.sqrt(embedding))
        self.scale, self.margin = scale, margin

    def forward(self, embeddings: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        cosine = embeddings @ F.normalize(self.weight, dim=1).T
        return self.scale * (cosine - self.margin * F.one_hot(labels, cosine.shape[1]))


def random_backgrounds(b: int, size: int, generator: torch.Generator) -> torch.Tensor:
    """Linear gradients between two random colours at random angles: [b, 3, size, size] float32."""
    colours = 0.15 + 0.8 * torch.rand(b, 2, 3, 1, 1, generator=generator)
    angle = 2 * math.pi * torch.rand(b, 1, 1, generator=generator)
    axis = torch.linspace(-1.0, 1.0, size)
    t = ((axis[None, None, :] * torch.cos(angle) + axis[None, :, None] * torch.sin(angle)) / math.sqrt(2) + 1) / 2
    return colours[:, 0] + (colours[:, 1] - colours[:, 0]) * t[:, None]


@torch.no_grad()
def embed(model: IdentityNet, faces: FaceSet) -> torch.Tensor:
    """Embeddings [N, 128] of every face in ``faces`` (eval mode)."""
    was_training = model.training
    model.eval()
    out = torch.cat([model(faces.floats(slice(s, s + 250))) for s in range(0, len(faces), 250)])
    model.train(was_training)
    return out


def verification(embeddings: torch.Tensor, identities: torch.Tensor, threshold: float | None = None) -> dict:
    """Pairwise statistics over all pairs of ``embeddings`` [N, D] with identity ids [N].

    Returns mean cosine and L1 distances of same- and different-identity pairs, and the balanced
    verification accuracy (mean of true-accept and true-reject rates) when pairs with cosine
    distance ≤ threshold are declared "same" — at ``threshold``, or at the best one if ``None``.
    """
    cosine = 1.0 - embeddings @ embeddings.T
    l1 = torch.cdist(embeddings, embeddings, p=1)
    upper = torch.triu(torch.ones_like(cosine, dtype=torch.bool), diagonal=1)
    same = (identities[:, None] == identities[None, :]) & upper
    different = ~(identities[:, None] == identities[None, :]) & upper
    candidates = torch.linspace(0.0, 2.0, 401) if threshold is None else torch.tensor([threshold])
    same_sorted, different_sorted = cosine[same].sort().values, cosine[different].sort().values
    accept = torch.searchsorted(same_sorted, candidates, right=True) / len(same_sorted)
    reject = 1.0 - torch.searchsorted(different_sorted, candidates, right=True) / len(different_sorted)
    balanced = (accept + reject) / 2
    best = int(balanced.argmax())
    return {
        "cosine_distance_same": round(float(cosine[same].mean()), 4),
        "cosine_distance_different": round(float(cosine[different].mean()), 4),
        "l1_distance_same": round(float(l1[same].mean()), 4),
        "l1_distance_different": round(float(l1[different].mean()), 4),
        "verification_accuracy": round(float(balanced[best]), 4),
        "threshold": round(float(candidates[best]), 4),
    }


def train(
    seed: int = 0,
    out_dir: Path = WEIGHTS_DIR,
    log: Callable[[str], None] = print,
    config: IdentityConfig = IdentityConfig(),
    cache_dir: Path = CACHE_DIR,
) -> dict:
    """Train F on train identities; select by validation verification; report test-identity statistics."""
    torch.set_num_threads(1)
    started = time.perf_counter()
    faces = face_set("train", config.train_identities, config.train_per_identity, cache_dir=cache_dir, log=log)
    validation = face_set("validation", config.eval_identities, config.eval_per_identity, cache_dir=cache_dir, log=log)
    test = face_set("test", config.eval_identities, config.eval_per_identity, cache_dir=cache_dir, log=log)
    labels = faces.identity_labels()
    model = build_seeded(seed, lambda: IdentityNet(config.widths, config.embedding))
    head = build_seeded(seed + 1, lambda: CosFaceHead(config.embedding, int(labels.max()) + 1, config.scale,
                                                      config.margin))
    generator = torch.Generator().manual_seed(seed)
    steps_per_epoch = max(1, len(faces) // config.batch)
    total = config.epochs * steps_per_epoch
    optimizer = torch.optim.AdamW([*model.parameters(), *head.parameters()], lr=config.lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.lr, total_steps=total)
    batches = batch_indices(len(faces), config.batch, generator)
    best_state, best_validation = None, -1.0
    model.train()
    for step in range(1, total + 1):
        index = next(batches)
        images = faces.floats(index)
        swap = faces.background[index][:, None] & (torch.rand(len(index), 1, 1, 1, generator=generator)
                                                  < config.background_swap)
        images = torch.where(swap, random_backgrounds(len(index), images.shape[-1], generator), images)
        loss = F.cross_entropy(head(model(degrade(images, generator)), labels[index]), labels[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % steps_per_epoch == 0:
            score = verification(embed(model, validation), validation.identities)["verification_accuracy"]
            log(f"identity epoch {step // steps_per_epoch}/{config.epochs} loss {loss.item():.3f} "
                f"validation verification {score:.4f} ({time.perf_counter() - started:.0f} s)")
            if score > best_validation:
                best_validation = score
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    chosen = verification(embed(model, validation), validation.identities)["threshold"]
    test_stats = verification(embed(model, test), test.identities)
    at_chosen = verification(embed(model, test), test.identities, chosen)["verification_accuracy"]
    wall_s = round(time.perf_counter() - started, 1)
    summary = {"wall_s": wall_s, "seed": seed, "params": sum(p.numel() for p in model.parameters()),
               "validation_verification_accuracy": best_validation, "test": test_stats,
               "test_verification_accuracy_at_validation_threshold": at_chosen, "validation_threshold": chosen,
               "test_faces": len(test), "config": asdict(config)}
    meta = {"widths": list(config.widths), "embedding": config.embedding, "seed": seed, "wall_s": wall_s,
            "threshold": chosen, "test_verification_accuracy": at_chosen}
    save_checkpoint(Path(out_dir) / WEIGHTS_FILE, model.state_dict(), meta)
    write_summary(out_dir, "identity", summary)
    log(f"identity done in {wall_s:.0f} s: test verification {at_chosen:.4f}")
    return summary


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu") -> IdentityNet:
    """The trained F from ``weights_dir``, in eval mode."""
    state, meta = load_checkpoint(Path(weights_dir) / WEIGHTS_FILE)
    model = IdentityNet(tuple(meta["widths"]), meta["embedding"])
    model.load_state_dict(state)
    return model.to(device).eval()


if __name__ == "__main__":
    train()
