"""Hand-made run directories that follow the recorder's contract, for the results tests.

Like the simulator's recorder, every scheme is simulated on its own: request ids restart
per scheme, the radio stage runs on the node ``cell``, and nodes and allocations carry a
``scheme`` column; requests carry the recorder's extra link columns. The numbers are
simple and deterministic: a latency that is exactly the sum of its stages, a JPEG+LDPC
cliff below 4 dB and learned schemes whose PSNR grows with SNR.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from PIL import Image

SCHEMES = {
    # scheme: [(stage, kind, node, service_s)], node "ue" means the request's own UE
    "jpeg_ldpc": [("jpeg_encode", "compute", "ue", 0.004), ("uplink", "radio", "cell", 0.012),
                  ("ldpc_decode", "compute", "gnb", 0.003), ("backhaul", "wired", "gnb", 0.002),
                  ("jpeg_decode", "compute", "edge", 0.002)],
    "deepjscc": [("deepjscc_encode", "compute", "ue", 0.006), ("uplink", "radio", "cell", 0.008),
                 ("backhaul", "wired", "gnb", 0.002), ("deepjscc_decode", "compute", "edge", 0.005)],
    "editable_deepsc": [("gan_inversion", "compute", "edge", 0.08), ("uplink", "radio", "cell", 0.002),
                        ("backhaul", "wired", "gnb", 0.002), ("jecc_edit", "compute", "edge", 0.01)],
}
N_USERS = 4
N_PRB = 51
SLOT_S = 0.0005
PROPAGATION_S = {"radio": 1e-6, "wired": 5e-4, "compute": 0.0}


def _png(path: Path, colour: tuple[int, int, int]) -> str:
    Image.new("RGB", (16, 16), colour).save(path)
    return path.name


def write_run_dir(
    path: Path,
    *,
    run_id: str,
    name: str,
    snr_db: float,
    seed: int = 1,
    per_scheme: int = 12,
    optional: bool = True,
) -> Path:
    """Write a complete run directory; ``optional=False`` leaves out nodes, allocations, samples."""
    rng = np.random.default_rng(seed)
    path.mkdir(parents=True)
    requests, stages = [], []
    for scheme_index, (scheme, chain) in enumerate(SCHEMES.items()):
        for request_id in range(per_scheme):
            user = request_id % N_USERS
            created = 0.02 * request_id + 0.005 * scheme_index
            unfinished = scheme == "jpeg_ldpc" and request_id == per_scheme - 1
            done_stages = chain[:2] if unfinished else chain
            t = created
            sums = {"queue_s": 0.0, "compute_s": 0.0, "airtime_s": 0.0, "backhaul_s": 0.0, "propagation_s": 0.0}
            energy = {"radio": 0.0, "compute": 0.0}
            for stage, kind, node, service in done_stages:
                queue = float(rng.uniform(0, 0.002))
                propagation = PROPAGATION_S[kind]
                start = t + queue
                end = start + service + propagation
                joules = service * (0.5 if kind == "radio" else 20.0)
                stages.append({
                    "run_id": run_id, "seed": seed, "scheme": scheme, "request_id": request_id, "user_id": user,
                    "stage": stage, "kind": kind, "node": f"ue{user}" if node == "ue" else node,
                    "worker": -1 if kind != "compute" else request_id % 2, "arrive_s": t, "start_s": start,
                    "end_s": end, "queue_s": queue, "service_s": service + propagation,
                    "airtime_s": service if kind == "radio" else 0.0, "propagation_s": propagation,
                    "energy_j": joules, "bits": 8000, "channel_uses": 3000 if kind == "radio" else 0,
                    "prb_slots": 40 if kind == "radio" else 0, "slots": 24 if kind == "radio" else 0,
                    "batch_size": 1, "wall_s": service / 2, "energy_source": "profile",
                })
                t = end
                sums["queue_s"] += queue
                sums["propagation_s"] += propagation
                sums[{"compute": "compute_s", "radio": "airtime_s", "wired": "backhaul_s"}[kind]] += service
                if kind != "wired":
                    energy["radio" if kind == "radio" else "compute"] += joules
            decoded = scheme != "jpeg_ldpc" or snr_db >= 4
            if scheme == "jpeg_ldpc":
                psnr = 31.0 + rng.normal(0, 0.5) if decoded else np.nan
            else:
                psnr = 18.0 + 0.6 * snr_db + rng.normal(0, 1.0) + (2 if scheme == "deepjscc" else 0)
            status = "unfinished" if unfinished else ("ok" if decoded else "failed_decode")
            requests.append({
                "run_id": run_id, "seed": seed, "scheme": scheme, "request_id": request_id, "user_id": user,
                "user_group": "pedestrians", "image_id": f"face{request_id % 3:03d}", "created_s": created,
                "completed_s": np.nan if unfinished else t, "latency_s": np.nan if unfinished else t - created,
                "status": status, "success": status == "ok", "snr_db": float(snr_db),
                "distance_m": 50.0 + 10 * user, "pathloss_db": 80.0 + user, "bits": 8000,
                "channel_uses": {"jpeg_ldpc": 2400, "deepjscc": 1600, "editable_deepsc": 160}[scheme],
                "cbr": {"jpeg_ldpc": 0.0389, "deepjscc": 0.0325, "editable_deepsc": 0.0104}[scheme],
                "bpp": {"jpeg_ldpc": 0.49, "deepjscc": 0.39, "editable_deepsc": 0.05}[scheme],
                "psnr_db": np.nan if unfinished else psnr,
                "ssim": np.nan if unfinished or not decoded else min(0.99, psnr / 40),
                **sums,
                "energy_radio_j": energy["radio"], "energy_compute_j": energy["compute"],
                "energy_j": energy["radio"] + energy["compute"], "height": 128, "width": 128, "channels": 3,
                "lpips": np.nan if unfinished else 0.5 - psnr / 100,
                "failure_reason": "" if decoded else "ldpc", "effective_snr_db": snr_db - 1.0,
                "shadowing_db": 2.0, "radio_s": sums["airtime_s"], "codewords": 3.0, "codeword_errors": 0.0,
            })
    requests = pd.DataFrame(requests)
    requests.to_parquet(path / "requests.parquet")
    stages = pd.DataFrame(stages)
    stages.to_parquet(path / "stages.parquet")
    duration = float(stages["end_s"].max())
    scenario = {
        "name": name, "seed": seed, "duration_s": 0.3,
        "cell": {"n_prb": N_PRB, "numerology": 1},
        "channel": {"snr_db": snr_db, "model": "awgn"},
        "users": [{"count": N_USERS, "group": "pedestrians", "traffic": {"rate_hz": 50}}],
        "schemes": list(SCHEMES),
    }
    (path / "scenario.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False))
    meta = {
        "run_id": run_id, "name": name, "seed": seed, "git_revision": "69196f0",
        "versions": {"python": "3.11.9", "semsim": "0.1.0", "torch": "2.13.0", "numpy": "2.4.6"},
        "device": "cpu", "timing_mode": "profile", "wall_s": 3.2, "sim_duration_s": duration,
        "started_at": "2025-01-01T00:00:00Z", "n_prb": N_PRB, "slot_s": SLOT_S, "requests": len(requests),
    }
    (path / "meta.json").write_text(json.dumps(meta))
    if optional:
        _write_nodes(path, run_id, stages, duration)
        _write_allocations(path, run_id, stages, rng)
        _write_samples(path, requests)
    return path


def _write_nodes(path: Path, run_id: str, stages: pd.DataFrame, duration: float) -> None:
    rows = []
    for scheme in SCHEMES:
        own = stages[stages["scheme"] == scheme]
        for node in [f"ue{u}" for u in range(N_USERS)] + ["gnb", "edge"]:
            mine = own[own["node"] == node]
            busy = float(mine.loc[mine["kind"] == "compute", "service_s"].sum())
            compute = float(mine.loc[mine["kind"] == "compute", "energy_j"].sum())
            # a UE pays for its uplink transmissions, which run on the node "cell"
            sent = own[(own["kind"] == "radio") & ("ue" + own["user_id"].astype(str) == node)]
            radio = float(sent["energy_j"].sum())
            idle = 2.0 * duration
            rows.append({
                "run_id": run_id, "seed": 1, "scheme": scheme, "node": node, "kind": node.rstrip("0123456789"),
                "device": "cpu", "workers": 2, "idle_w": 2.0, "busy_w": 20.0, "busy_s": busy,
                "energy_idle_j": idle, "energy_compute_j": compute, "energy_radio_j": radio,
                "energy_j": idle + compute + radio, "duration_s": duration,
            })
    pd.DataFrame(rows).to_parquet(path / "nodes.parquet")


def _write_allocations(path: Path, run_id: str, stages: pd.DataFrame, rng: np.random.Generator) -> None:
    rows = []
    for stage in stages[stages["kind"] == "radio"].itertuples():
        for slot in range(int(stage.start_s / SLOT_S), int(stage.end_s / SLOT_S) + 1):
            rows.append({"run_id": run_id, "seed": 1, "scheme": stage.scheme, "slot": slot,
                         "time_s": slot * SLOT_S, "user_id": stage.user_id,
                         "request_id": stage.request_id, "prb_start": 0, "prb_count": int(rng.integers(4, 20))})
    pd.DataFrame(rows).to_parquet(path / "allocations.parquet")


def _write_samples(path: Path, requests: pd.DataFrame) -> None:
    folder = path / "samples"
    folder.mkdir()
    index = []
    shown = requests[requests["image_id"].isin(["face000", "face001"]) & (requests["user_id"] < 2)]
    for row in shown.itertuples():
        rid = row.request_id
        grey = 60 + 40 * int(row.image_id[-1])
        stem = f"{row.scheme}-{rid}"
        files = {
            "original": _png(folder / f"{stem}_original.png", (grey, 120, 160)),
            "received": _png(folder / f"{stem}_received.png", (grey + 20, 100, 140)),
            "ideal": _png(folder / f"{stem}_ideal.png", (grey, 150, 160)),
        }
        instruction = "<img src=x onerror=alert(2)> add bangs" if row.image_id == "face001" else "make her smile"
        index.append({"request_id": rid, "scheme": row.scheme, "instruction": instruction, "files": files})
    (folder / "index.json").write_text(json.dumps(index))


MALICIOUS_NAME = "<script>document.documentElement.dataset.pwned='yes'</script>"
SWEEP_SNRS = (-2, 6, 14)


@pytest.fixture(scope="session")
def malicious_name() -> str:
    """The scenario name of the sweep's middle run: a script that marks the page if it ever runs."""
    return MALICIOUS_NAME


@pytest.fixture
def make_run_dir(tmp_path):
    """``make_run_dir(folder_name, **write_run_dir_arguments)`` under the test's tmp_path."""

    def make(folder: str = "run", **arguments) -> Path:
        arguments = {"run_id": folder, "name": folder, "snr_db": 10.0, **arguments}
        return write_run_dir(tmp_path / folder, **arguments)

    return make


@pytest.fixture(scope="session")
def sweep_dirs(tmp_path_factory) -> list[Path]:
    """Three runs of a sweep over channel.snr_db; the middle one has a malicious name."""
    root = tmp_path_factory.mktemp("sweep")
    return [
        write_run_dir(root / f"snr{snr}", run_id=f"run-snr{snr}", seed=10 + i, snr_db=snr,
                      name=MALICIOUS_NAME if snr == 6 else f"sweep snr {snr}")
        for i, snr in enumerate(SWEEP_SNRS)
    ]


@pytest.fixture(scope="session")
def sweep_report(sweep_dirs, tmp_path_factory) -> Path:
    """The report of the sweep, written once for the HTML and browser tests."""
    from results.report import write_report

    return write_report(sweep_dirs, tmp_path_factory.mktemp("report") / "report.html")
