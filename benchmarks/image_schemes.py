"""Held-out numbers of the segmentation net, SPIC (error-free digital link) and MLSC-image (AWGN).

    .venv/bin/python benchmarks/image_schemes.py [--faces 48]

Prints Markdown tables. SPIC's bits cross LDPC + QAM, so on the channel it is either exactly
these numbers (all CRCs pass) or a failed reception; its SNR dependence is the JPEG+LDPC cliff
(measure it with `semsim sweep scenarios/image_transmission.yaml --grid channel.snr_db=...`).
R_max = k/n · log2(1 + SNR) is the paper's bound on bits per source dimension a digital scheme
could deliver with the same channel uses; ×3 gives bits per pixel.
"""
from __future__ import annotations

import argparse
import math

import numpy as np
import torch

from models.jscc.deepjscc import awgn
from models.metrics import psnr_db, ssim
from models.mlsc.training import EVAL_SNRS_DB, available_symbols, inputs, load as load_mlsc
from models.segmentation.network import mean_iou
from models.segmentation.parts_set import parts_set
from models.segmentation.training import load as load_segmentation
from models.spic.coarse import coarse_decode, coarse_encode
from models.spic.training import load as load_spic
from models.codecs import png_map_encode


def _quality(truth: np.ndarray, out: np.ndarray) -> tuple[float, float]:
    return (float(np.mean([psnr_db(a, b) for a, b in zip(truth, out)])),
            float(np.mean([ssim(a, b) for a, b in zip(truth, out)])))


@torch.no_grad()
def main(n: int) -> None:
    torch.set_num_threads(1)
    faces = parts_set("test", n, log=lambda _: None)
    truth, labels = faces.floats(slice(None)), faces.labels(slice(None))
    segmenter, receiver = load_segmentation(), load_spic()
    own = segmenter.segment(truth)
    print(f"segmentation: held-out mIoU {mean_iou(own, labels):.4f} on {n} test faces\n")
    print("| SPIC WebP quality | bpp (map + thumbnail) | map bpp | PSNR dB | SSIM | mIoU | bicubic PSNR dB | bicubic SSIM |")
    print("|---|---|---|---|---|---|---|---|")
    map_bits = np.array([8 * len(png_map_encode(p)) for p in own.numpy()])
    for quality in (30, 60, 90):
        coded = [coarse_encode(image, quality) for image in truth.numpy()]
        coarse = torch.stack([torch.from_numpy(coarse_decode(c, 64, 64)) for c in coded])
        noise = torch.stack([torch.randn(3, 64, 64, generator=torch.Generator().manual_seed(i)) for i in range(n)])
        out = torch.cat([receiver.reconstruct(coarse[s:s + 16], own[s:s + 16], noise=noise[s:s + 16])
                         for s in range(0, n, 16)])
        bpp = float(np.mean(map_bits + 16 + 8 * np.array([len(c) for c in coded]))) / 4096
        p, s = _quality(truth.numpy(), out.numpy())
        pc, sc = _quality(truth.numpy(), coarse.numpy())
        print(f"| {quality} | {bpp:.3f} | {map_bits.mean() / 4096:.3f} | {p:.2f} | {s:.3f} | "
              f"{mean_iou(segmenter.segment(out), own):.3f} | {pc:.2f} | {sc:.3f} |")
    print("\n| MLSC k/n | SNR dB | PSNR dB | SSIM | mIoU | R_max bits/dim | R_max bpp |")
    print("|---|---|---|---|---|---|---|")
    parts, tokens = inputs(faces, segmenter)
    for k in available_symbols():
        model = load_mlsc(symbols=k)
        for snr in EVAL_SNRS_DB:
            symbols = awgn(model.encode(truth, parts, tokens), snr, torch.Generator().manual_seed(snr + 100))
            out = model.decode(symbols)[0]
            p, s = _quality(truth.numpy(), out.numpy())
            r_max = model.cbr * math.log2(1 + 10 ** (snr / 10))
            print(f"| 1/{round(1 / model.cbr)} | {snr} | {p:.2f} | {s:.3f} | {mean_iou(segmenter.segment(out), own):.3f} "
                  f"| {r_max:.3f} | {3 * r_max:.3f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=48)
    main(parser.parse_args().faces)
