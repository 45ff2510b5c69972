"""Measured GPU energy: NVML's cumulative energy counter, where a CUDA device and NVML exist.

On CPU nodes (or without ``nvidia-ml-py``) no meter exists and the node's power profile is used;
a result row says which of the two produced its joules (``energy_source``).
"""
from __future__ import annotations

import torch


class NvmlEnergyMeter:
    """Total energy a GPU has consumed since driver load, in joules (Volta and newer)."""

    def __init__(self, handle, nvml) -> None:
        self._handle, self._nvml = handle, nvml

    @classmethod
    def for_device(cls, device: str) -> "NvmlEnergyMeter | None":
        """A meter for ``cuda[:i]``, or None if the device is not CUDA or NVML cannot read it."""
        if not device.startswith("cuda") or not torch.cuda.is_available():
            return None
        try:
            import pynvml  # provided by nvidia-ml-py, optional

            pynvml.nvmlInit()
            index = int(device.split(":")[1]) if ":" in device else 0
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            pynvml.nvmlDeviceGetTotalEnergyConsumption(handle)  # unsupported GPUs raise here
        except Exception:  # missing package, driver or counter: fall back to the profile
            return None
        return cls(handle, pynvml)

    def read_j(self) -> float:
        return self._nvml.nvmlDeviceGetTotalEnergyConsumption(self._handle) / 1000.0

    @staticmethod
    def synchronize(device: str) -> None:
        """Wait for queued kernels so wall time and energy cover the whole call."""
        if device.startswith("cuda") and torch.cuda.is_available():
            torch.cuda.synchronize(device)
