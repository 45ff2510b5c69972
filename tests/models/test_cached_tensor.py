"""models/disk_cache.py: rendered sets and computed tensors are computed once per name and read back."""
import torch

from models.disk_cache import cached_tensor, file_digest, load_or_compute


def test_cached_tensor_computes_once_per_key(tmp_path):
    calls = []

    def compute() -> torch.Tensor:
        calls.append(1)
        return torch.arange(3.0) * len(calls)

    quiet = {"cache_dir": tmp_path, "log": lambda _: None}
    first = cached_tensor("pool", ("weights-a", 1), compute, **quiet)
    again = cached_tensor("pool", ("weights-a", 1), compute, **quiet)
    other = cached_tensor("pool", ("weights-b", 1), compute, **quiet)
    assert torch.equal(first, again) and not torch.equal(first, other)
    assert len(calls) == 2 and len(list(tmp_path.glob("pool-*.pt"))) == 2
    assert not list(tmp_path.glob("*.partial"))
    assert torch.equal(cached_tensor("pool", ("weights-a", 1), compute, cache_dir=None), torch.arange(3.0) * 3)


def test_file_digest_follows_the_content(tmp_path):
    path = tmp_path / "w.pt"
    path.write_bytes(b"one")
    before = file_digest(path)
    assert file_digest(path) == before
    path.write_bytes(b"two")
    assert file_digest(path) != before


def test_load_or_compute_keeps_dicts_of_tensors_under_the_given_name(tmp_path):
    calls = []

    def compute() -> dict:
        calls.append(1)
        return {"images": torch.full((2, 3), len(calls), dtype=torch.uint8), "degrees": torch.arange(5)}

    path = tmp_path / "test_w0_2x1_64px.pt"
    first = load_or_compute(path, compute)
    again = load_or_compute(path, compute)
    assert len(calls) == 1 and path.exists() and not list(tmp_path.glob("*.partial"))
    assert all(torch.equal(first[key], again[key]) for key in first)
    assert int(load_or_compute(None, compute)["images"][0, 0]) == 2 and not (tmp_path / "None").exists()
