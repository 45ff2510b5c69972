"""Collects tidy rows during a run and writes the result tables atomically."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from PIL import Image

from .edit_metrics import EDIT_COLUMNS

REQUEST_COLUMNS = [
    "run_id", "seed", "scheme", "request_id", "user_id", "user_group", "image_id", "created_s",
    "completed_s", "latency_s", "status", "success", "failure_reason", "snr_db", "effective_snr_db",
    "tx_symbol_power", "distance_m", "pathloss_db", "shadowing_db", "bits", "channel_uses", "cbr", "bpp", "psnr_db", "ssim",
    "queue_s", "compute_s", "radio_s", "backhaul_s", "airtime_s", "propagation_s", "energy_radio_j",
    "energy_compute_j", "energy_j", "codewords", "codeword_errors", "height", "width", "channels",
    *EDIT_COLUMNS,
]
STAGE_COLUMNS = [
    "run_id", "seed", "scheme", "request_id", "user_id", "stage", "kind", "node", "worker", "arrive_s",
    "start_s", "end_s", "queue_s", "service_s", "airtime_s", "propagation_s", "energy_j", "bits",
    "channel_uses", "prb_slots", "slots", "batch_size", "wall_s", "energy_source",
]
NODE_COLUMNS = [
    "run_id", "seed", "scheme", "node", "kind", "device", "workers", "idle_w", "busy_w", "busy_s",
    "energy_idle_j", "energy_compute_j", "energy_radio_j", "energy_j", "duration_s", "dropped", "max_waiting",
]
# Sampled at each progress step (``steps`` per run): the backlog a saturated node builds up over time.
QUEUE_COLUMNS = ["run_id", "seed", "scheme", "time_s", "node", "waiting", "dropped", "in_flight"]
ALLOCATION_COLUMNS = ["run_id", "seed", "scheme", "slot", "time_s", "user_id", "request_id", "prb_start", "prb_count"]


# Rows held as Python dicts/tuples beyond this many per table are packed into a chunk, so hours
# of simulated time at saturation do not hold millions of dicts.
COMPACT_ROWS = 5_000


class Recorder:
    """Rows for the five tables, plus sample images.

    Without ``spill_dir`` chunks stay in memory as DataFrames. With it every chunk goes to a
    Parquet part file there, so a run's memory no longer grows with its length; :meth:`write`
    streams the parts into the final tables and removes the folder.
    """

    def __init__(self, spill_dir: Path | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.stages: list[dict[str, Any]] = []
        self.nodes: list[dict[str, Any]] = []
        self.allocations: list[tuple] = []
        self.queues: list[tuple] = []
        self._chunks: dict[str, list[pd.DataFrame | Path]] = {}
        self._chunk_rows: dict[str, int] = {}
        self.spill_dir = Path(spill_dir) if spill_dir is not None else None
        if self.spill_dir is not None:
            shutil.rmtree(self.spill_dir, ignore_errors=True)  # left by a crashed run of the same id
        self.samples: list[dict[str, Any]] = []

    def sample(self, request_id: int, scheme: str, original: np.ndarray, received: np.ndarray | None,
               instruction: str | None = None, ideal: np.ndarray | None = None) -> None:
        self.samples.append({"request_id": request_id, "scheme": scheme, "original": original, "received": received,
                             "instruction": instruction, "ideal": ideal})

    def _pending(self) -> dict[str, tuple[list, list[str]]]:
        return {"requests": (self.requests, REQUEST_COLUMNS), "stages": (self.stages, STAGE_COLUMNS),
                "nodes": (self.nodes, NODE_COLUMNS), "allocations": (self.allocations, ALLOCATION_COLUMNS),
                "queues": (self.queues, QUEUE_COLUMNS)}

    def compact(self, threshold: int = COMPACT_ROWS) -> None:
        """Pack every table holding more than ``threshold`` loose rows into a DataFrame chunk."""
        for name, (rows, columns) in self._pending().items():
            if len(rows) > threshold:
                chunk: pd.DataFrame | Path = pd.DataFrame(rows, columns=columns)
                if self.spill_dir is not None:
                    self.spill_dir.mkdir(parents=True, exist_ok=True)
                    path = self.spill_dir / f"{name}-{len(self._chunks.get(name, [])):06d}.parquet"
                    chunk.to_parquet(path, index=False)
                    chunk = path
                self._chunks.setdefault(name, []).append(chunk)
                self._chunk_rows[name] = self._chunk_rows.get(name, 0) + len(rows)
                rows.clear()  # the simulation keeps appending to this same list

    def count(self, name: str) -> int:
        """Rows recorded so far in table ``name`` (packed and loose)."""
        return self._chunk_rows.get(name, 0) + len(self._pending()[name][0])

    def _parts(self, name: str) -> tuple[list[pd.DataFrame | Path], pa.Schema]:
        """Table ``name`` as its chunks, the loose rows last as one more, and the schema they share:
        a column empty (null) in one chunk and typed in another takes the wider type."""
        rows, columns = self._pending()[name]
        parts = [*self._chunks.get(name, []), pd.DataFrame(rows, columns=columns)]
        schemas = [pq.read_schema(c) if isinstance(c, Path) else pa.Schema.from_pandas(c, preserve_index=False)
                   for c in parts]
        return parts, _common_schema(schemas)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table in memory (for tests and small runs; :meth:`write` streams instead)."""
        out = {}
        for name in self._pending():
            parts, schema = self._parts(name)
            out[name] = pa.concat_tables([_arrow(c, schema) for c in parts]).to_pandas()
        return out

    def _write_table(self, name: str, path: Path) -> None:
        """One table to ``path``, a chunk at a time."""
        parts, schema = self._parts(name)
        with pq.ParquetWriter(path, schema) as writer:
            for chunk in parts:
                writer.write_table(_arrow(chunk, schema))

    def write(self, run_dir: Path, meta: dict[str, Any], scenario: dict[str, Any]) -> Path:
        """Write everything into ``run_dir`` via a hidden temporary folder renamed at the end, so a
        crash never leaves a half-written run that looks complete."""
        run_dir = Path(run_dir)
        staging = run_dir.parent / f".{run_dir.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "samples").mkdir(parents=True)
        for name in self._pending():
            self._write_table(name, staging / f"{name}.parquet")
        (staging / "meta.json").write_text(json.dumps(meta, indent=2, default=str) + "\n")
        (staging / "scenario.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False))
        self._write_samples(staging / "samples")
        if run_dir.exists():  # the same run id again (e.g. a sweep point redone): the new run replaces it
            shutil.rmtree(run_dir)
        os.replace(staging, run_dir)
        self.discard()
        return run_dir

    def discard(self) -> None:
        """Drop the spilled chunks: once written, or when the run failed and nothing is written."""
        if self.spill_dir is not None:
            shutil.rmtree(self.spill_dir, ignore_errors=True)

    def _write_samples(self, folder: Path) -> None:
        index = []
        for s in self.samples:
            stem = f"{s['scheme']}-{s['request_id']}"
            files = {"original": f"{stem}_original.png"}
            _save_png(s["original"], folder / files["original"])
            for kind in ("received", "ideal"):
                if s[kind] is not None:
                    files[kind] = f"{stem}_{kind}.png"
                    _save_png(s[kind], folder / files[kind])
            index.append({"request_id": s["request_id"], "scheme": s["scheme"], "instruction": s["instruction"],
                          "files": files})
        (folder / "index.json").write_text(json.dumps(index, indent=2) + "\n")


def _arrow(chunk: pd.DataFrame | Path, schema: pa.Schema) -> pa.Table:
    table = pq.read_table(chunk) if isinstance(chunk, Path) else pa.Table.from_pandas(chunk, preserve_index=False)
    return table.cast(schema)


def _common_schema(schemas: list[pa.Schema]) -> pa.Schema:
    """The columns' widest types over all chunks (null → double, int → double, …), with the first
    chunk's pandas metadata so the table reads back with the same dtypes."""
    merged = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    return merged.with_metadata(schemas[0].metadata)


def _save_png(image: np.ndarray, path: Path) -> None:
    pixels = (np.clip(image, 0, 1).transpose(1, 2, 0) * 255 + 0.5).astype(np.uint8)
    Image.fromarray(pixels).save(path)
