"""Iterative attribute matching (eq. 10-11) on a latent whose first coordinate is the degree P reads."""
import torch

from models.editing.field import iterative_edit
from models.world import MAX_DEGREE, NUM_ATTRIBUTES


class LatentAsImage:
    """G.synthesis that hands the latent [B, num_ws, w_dim] through unchanged."""

    @staticmethod
    def synthesis(ws: torch.Tensor) -> torch.Tensor:
        return ws


def reading_predictor(images: torch.Tensor) -> torch.Tensor:
    """Logits [B, 5, 6]: every attribute reads round(ws[:, 0, 0]) clamped to 0..5."""
    degree = images[:, 0, 0].round().clamp(0, MAX_DEGREE).long()
    logits = torch.zeros(len(images), NUM_ATTRIBUTES, MAX_DEGREE + 1)
    logits[torch.arange(len(images)), :, degree] = 1.0
    return logits


def constant_field(size: float):
    def field(ws: torch.Tensor, attribute: torch.Tensor) -> torch.Tensor:
        step = torch.zeros_like(ws)
        step[:, 0, 0] = size
        return step
    return field


def start(degrees) -> torch.Tensor:
    ws = torch.zeros(len(degrees), 2, 3)
    ws[:, 0, 0] = torch.tensor(degrees, dtype=torch.float32)
    return ws


def run(degrees, targets, size, iam=True, r_edit=10):
    n = len(degrees)
    target = torch.tensor(targets)
    direction = torch.sign(target - torch.tensor(degrees))
    return iterative_edit(LatentAsImage, reading_predictor, constant_field(size), start(degrees),
                          torch.zeros(n, dtype=torch.int64), direction, target, r_edit=r_edit, iam=iam)


def test_the_loop_stops_on_a_match_and_walks_back_an_overshoot():
    result = run([1, 4, 2], [3, 1, 2], size=1.0)
    assert result.reached.tolist() == [True, True, True]
    assert result.steps.tolist() == [2, 3, 0]
    assert result.ws[:, 0, 0].tolist() == [3.0, 1.0, 2.0]
    walked = run([1], [4], size=1.6)  # 1 → 2.6 (reads 3) → 4.2 (4): reached after two steps
    assert walked.reached.item() and walked.steps.item() == 2


def test_an_unreached_target_keeps_the_closest_latent_not_the_last():
    # Steps of 2 from 1 towards 2 oscillate 1 → 3 → 1 → …: never closer than the start.
    # From 0 towards 3: 0 → 2 → 4 → 2 → …, first nearer at 2 and never nearer after.
    result = run([1, 0], [2, 3], size=2.0, r_edit=5)
    assert result.reached.tolist() == [False, False]
    assert result.steps.tolist() == [5, 5]
    assert result.ws[:, 0, 0].tolist() == [1.0, 2.0]


def test_without_matching_the_field_is_applied_change_times_unchecked():
    result = run([1], [3], size=1.6, iam=False)  # 1 → 2.6 → 4.2: two steps, overshoots to 4
    assert result.steps.item() == 2 and not result.reached.item()
    assert abs(result.ws[0, 0, 0].item() - 4.2) < 1e-5


def soft_predictor(images: torch.Tensor) -> torch.Tensor:
    """Logits [B, 5, 6] peaked at the degree nearest ws[:, 0, 0]: −4·(x − d)², so a reading near a
    degree boundary is the target with low probability."""
    x = images[:, 0, 0].view(-1, 1, 1)
    degrees = torch.arange(MAX_DEGREE + 1, dtype=torch.float32).view(1, 1, -1)
    return (-4 * (x - degrees) ** 2).expand(-1, NUM_ATTRIBUTES, -1)


def test_a_confidence_threshold_centres_a_boundary_reading_on_the_target():
    def edit(confidence: float, r_edit: int = 10):
        return iterative_edit(LatentAsImage, soft_predictor, constant_field(1.0), start([1.3]),
                              torch.zeros(1, dtype=torch.int64), torch.tensor([1]), torch.tensor([3]),
                              r_edit=r_edit, confidence=confidence)

    paper = edit(0.0)  # 1.3 → 2.3 → 3.3: reads 3 (p ≈ 0.83) and stops
    assert paper.steps.item() == 2 and abs(paper.ws[0, 0, 0].item() - 3.3) < 1e-5
    confident = edit(0.9)  # 3.3 is nearer 4 than 2, so half a step back: 2.8 reads 3 with p ≈ 0.91
    assert confident.reached.item() and confident.steps.item() == 3
    assert abs(confident.ws[0, 0, 0].item() - 2.8) < 1e-5
    short = edit(0.9, r_edit=2)  # out of steps at 3.3: the target is read, without the confidence asked
    assert short.reached.item() and abs(short.ws[0, 0, 0].item() - 3.3) < 1e-5
