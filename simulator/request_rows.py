"""Turning a finished request and its stage executions into tidy result rows."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from models.metrics import bits_per_pixel, channel_bandwidth_ratio, psnr_db, ssim
from .request import Request
from .scenario import Scenario
from .scenario.scheme_params import SchemeParams

NAN = float("nan")


def stage_row(run_id: str, seed: int, scheme: str, request: Request, stage: str, kind: str, node: str,
              worker: int, arrive: float, start: float, end: float, **values: Any) -> dict[str, Any]:
    """One row of ``stages.parquet``; ``values`` fills the optional measurement columns."""
    row = {
        "run_id": run_id, "seed": seed, "scheme": scheme, "request_id": request.request_id,
        "user_id": request.user_id, "stage": stage, "kind": kind, "node": node, "worker": worker,
        "arrive_s": arrive, "start_s": start, "end_s": end, "queue_s": start - arrive,
        "service_s": end - start, "airtime_s": 0.0, "propagation_s": 0.0, "energy_j": 0.0, "bits": 0,
        "channel_uses": 0, "prb_slots": 0, "slots": 0, "batch_size": 1, "wall_s": 0.0,
        "energy_source": {"compute": "profile", "radio": "tx_power"}.get(kind, "not_modelled"),
    }
    row.update(values)
    return row


def _status(request: Request) -> str:
    if request.status:
        return request.status
    return "failed_decode" if request.failure else "ok"


def shown_image(request: Request, policy: str) -> np.ndarray | None:
    """What the receiver shows: the decoded image, or under the ``gray`` policy a mid-gray frame for a
    failed reception (so quality averages fall off the cliff instead of ignoring failures)."""
    if request.received is not None and not request.failure:
        return request.received
    if policy == "gray":
        return np.full_like(request.image, 0.5)
    return None


def request_row(run_id: str, scenario: Scenario, scheme: SchemeParams, request: Request, user) -> dict[str, Any]:
    """One row of ``requests.parquet`` (with the shown image under the private key ``_shown``).

    Stages run one after another, so ``latency_s = queue_s + compute_s + radio_s + backhaul_s``;
    ``airtime_s`` (slots actually transmitted) and ``propagation_s`` are parts of ``radio_s`` and
    ``backhaul_s``, reported for insight.
    """
    status = _status(request)
    finished = status != "unfinished"
    own = request.stage_rows
    by_kind = lambda kind, key: float(sum(r[key] for r in own if r["kind"] == kind))  # noqa: E731
    channels, height, width = request.image.shape
    shown = shown_image(request, scheme.failure_policy) if finished else None
    quality = (psnr_db(request.image, shown), ssim(request.image, shown)) if shown is not None else (NAN, NAN)
    energy_radio, energy_compute = by_kind("radio", "energy_j"), by_kind("compute", "energy_j")
    return {
        "run_id": run_id, "seed": scenario.seed, "scheme": scheme.display_name,
        "request_id": request.request_id, "user_id": request.user_id, "user_group": request.group,
        "image_id": request.image_id, "created_s": request.created_s,
        "completed_s": request.completed_s if finished else NAN,
        "latency_s": request.completed_s - request.created_s if finished else NAN,
        "status": status, "success": status == "ok", "failure_reason": request.failure or "",
        "snr_db": request.radio.get("snr_db", NAN), "effective_snr_db": request.radio.get("effective_snr_db", NAN),
        "tx_symbol_power": request.radio.get("tx_symbol_power", NAN),
        "distance_m": user.distance_m, "pathloss_db": user.pathloss_db, "shadowing_db": user.shadowing_db,
        "bits": request.air_bits, "channel_uses": request.channel_uses,
        "cbr": channel_bandwidth_ratio(request.channel_uses, height, width, channels) if request.channel_uses else NAN,
        "bpp": bits_per_pixel(request.air_bits, height, width) if request.air_bits else NAN,
        "psnr_db": quality[0], "ssim": quality[1],
        "queue_s": float(sum(r["queue_s"] for r in own)), "compute_s": by_kind("compute", "service_s"),
        "airtime_s": by_kind("radio", "airtime_s"),
        "radio_s": by_kind("radio", "service_s"), "backhaul_s": by_kind("wired", "service_s"),
        "propagation_s": float(sum(r["propagation_s"] for r in own)),
        "energy_radio_j": energy_radio, "energy_compute_j": energy_compute,
        "energy_j": energy_radio + energy_compute,
        "codewords": request.radio.get("codewords", NAN), "codeword_errors": request.radio.get("codeword_errors", NAN),
        "height": height, "width": width, "channels": channels, "_shown": shown,
    }
