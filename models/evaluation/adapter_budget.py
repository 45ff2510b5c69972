"""How much the SNR-aware adapters can buy: the paper's fine-tuning budget against a longer one.

The paper fine-tunes ACE/ACD for r_ft = 6 iterations at lr 1e-4; from zero-initialised output
layers, Adam moves each weight by at most ~6e-4 in that budget, so the adapters stay close to the
identity. This ablation fine-tunes a second pair per SNR on the same n_ft validation faces with
:data:`LONG_BUDGET` and scores the same edited latents through the card's channel draws
(:func:`~models.evaluation.channel_draws.scores_over_awgn`).
"""
from __future__ import annotations

import torch

from models.editing.adapter_training import AdapterConfig, finetune, finetune_set
from models.metrics import psnr_db
from .channel_draws import scores_over_awgn

LONG_BUDGET = AdapterConfig(r_ft=100, lr=1e-3)


def adapter_budget(system, edited_ws: torch.Tensor, ideal: torch.Tensor, paper_adapters_for, snrs, seed: int) -> dict:
    """PSNR [dB] against the ideal edit of ``edited_ws`` [N, num_ws, w_dim] at each SNR: no adapters,
    the committed (paper-budget) adapters, and adapters fine-tuned here with :data:`LONG_BUDGET`."""
    def psnr(received: torch.Tensor) -> dict[str, torch.Tensor]:
        return {"psnr_ideal_db": torch.tensor([psnr_db(i.numpy(), r.numpy()) for i, r in zip(ideal, received)])}

    images, ws = finetune_set(system.G, system.E, system.features, LONG_BUDGET, log=lambda _: None)
    rows = []
    for snr in snrs:
        generator = torch.Generator().manual_seed(snr)
        ace, acd, _ = finetune(system.G, system.signal, ws, images, snr, LONG_BUDGET, generator)
        row = {"snr_db": snr}
        for name, (enc, dec) in (("none", (None, None)), ("paper", paper_adapters_for(snr)), ("long", (ace, acd))):
            scores = scores_over_awgn(system, system.to_symbols(edited_ws, enc), snr, seed, psnr, dec)
            row[f"psnr_ideal_db_{name}"] = float(scores["psnr_ideal_db"].mean())
        rows.append(row)
    return {"long_budget": {"r_ft": LONG_BUDGET.r_ft, "lr": LONG_BUDGET.lr, "n_ft": LONG_BUDGET.n_ft}, "rows": rows}
