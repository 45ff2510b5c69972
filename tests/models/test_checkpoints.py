"""Weight files: round trip with weights_only=True, and a crafted pickle is refused, not executed."""
import pickle

import pytest
import torch

from models.checkpoints import CheckpointError, load_checkpoint, save_checkpoint


class _Payload:
    def __reduce__(self):
        return (exec, ("import pathlib; pathlib.Path(__import__('os').environ['PWNED']).write_text('x')",))


def test_round_trip(tmp_path):
    state = {"w": torch.arange(6.0).reshape(2, 3)}
    path = save_checkpoint(tmp_path / "m.pt", state, {"seed": 3, "sizes": [1, 2]})
    loaded, meta = load_checkpoint(path)
    assert torch.equal(loaded["w"], state["w"]) and meta == {"seed": 3, "sizes": [1, 2]}
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_crafted_pickle_is_refused(tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    monkeypatch.setenv("PWNED", str(marker))
    evil = tmp_path / "evil.pt"
    with open(evil, "wb") as handle:
        pickle.dump({"state_dict": _Payload(), "meta": {}}, handle)
    with pytest.raises(CheckpointError, match="evil.pt: refused to load"):
        load_checkpoint(evil)
    assert not marker.exists()


def test_missing_and_foreign_files(tmp_path):
    with pytest.raises(CheckpointError, match="weight file not found"):
        load_checkpoint(tmp_path / "none.pt")
    torch.save([1, 2, 3], tmp_path / "list.pt")
    with pytest.raises(CheckpointError, match="not a semsim checkpoint"):
        load_checkpoint(tmp_path / "list.pt")


def test_rewriting_the_model_card_keeps_the_hand_written_sections(tmp_path):
    from models.evaluation.card_markdown import HAND_MARKER, write_card

    card = tmp_path / "README.md"
    card.write_text(f"# old generated part\n\n{HAND_MARKER}, not by `semsim eval models`. -->\n## SPIC\nkept\n")
    write_card({"weights_mb": 1.5}, card)
    text = card.read_text()
    assert "old generated part" not in text and "All default weight files together: 1.5 MB." in text
    assert text.endswith("## SPIC\nkept\n")


def test_the_cards_training_table_counts_parameters_from_the_weight_files(tmp_path):
    from models.evaluation.card import file_parameters
    from models.evaluation.card_markdown import render

    for snr in (-6, 6):
        save_checkpoint(tmp_path / f"deepjscc_snr{snr}.pt", {"w": torch.zeros(3, 4), "b": torch.zeros(4)}, {})
    save_checkpoint(tmp_path / "unrelated.pt", {"w": torch.zeros(100)}, {})
    torch.save([1, 2], tmp_path / "deepjscc_snr99.pt")  # not a checkpoint: left out, the card still renders
    assert file_parameters(tmp_path, "deepjscc") == {"deepjscc_snr-6.pt": 16, "deepjscc_snr6.pt": 16}
    assert file_parameters(tmp_path, "not_in_the_zoo") == {}
    training = {"deepjscc": {"wall_s": 120, "file_parameters": file_parameters(tmp_path, "deepjscc")},
                "generator": {"parameters": {"generator": 1000, "encoder": 2000}}}
    text = render({"training": training, "weights_mb": 0.1})
    assert "| deepjscc | 2.0 min | 2 × 16 |" in text
    assert "| generator |  | generator 1,000, encoder 2,000 |" in text
