"""The on-disk cache of computed tensors (M's inverted training pool uses it)."""
import torch

from models.gan.data import cached_tensor, file_digest


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
