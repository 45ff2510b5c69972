"""Running sweep points on Ray (optional: ``pip install 'semsim[distributed]'``)."""
from __future__ import annotations

from typing import Any, Callable

from simulator.scenario import ScenarioError


def execute_on_ray(jobs: list, address: str | None, on_done: Callable[[dict[str, Any]], None]) -> None:
    """Submit every point as a Ray task running the same per-point function as the local pool.

    ``address``: ``None`` starts a local Ray instance, ``auto`` joins the cluster this machine belongs
    to, ``ray://host:port`` a remote one.
    """
    try:
        import ray
    except ImportError:
        raise ScenarioError("--backend ray", ["Ray is not installed; install the extra: pip install 'semsim[distributed]'"]) from None
    from .runner import _guarded

    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    try:
        task = ray.remote(num_cpus=1)(_guarded)
        pending = [task.remote(job) for job in jobs]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            on_done(ray.get(done[0]))
    finally:
        if started_here:
            ray.shutdown()
