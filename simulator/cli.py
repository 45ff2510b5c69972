"""The ``semsim`` command line: validate and run scenarios."""
from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from .scenario import ScenarioError, load_scenario

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="semsim: a testbed for semantic communication networks.")
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


SET_HELP = "override a field before validation, e.g. --set channel.snr_db=0 (repeatable)"


def _load(path: Path, overrides: list[str] | None = None):
    try:
        return load_scenario(path, overrides)
    except ScenarioError as error:
        for line in str(error).splitlines():
            err.print(line, markup=False, highlight=False)
        raise typer.Exit(2) from None


@app.command()
def validate(
    scenario: Path = typer.Argument(..., help="scenario YAML file"),
    overrides: list[str] = typer.Option([], "--set", help=SET_HELP),
) -> None:
    """Check a scenario file; print one line per problem and exit 2 if it is not valid."""
    loaded = _load(scenario, overrides)
    out.print(f"{scenario.name}: valid ({loaded.n_users} users, {len(loaded.schemes)} schemes, "
              f"{loaded.duration_s:g} s)", markup=False, highlight=False)


@app.command()
def run(
    scenario: Path = typer.Argument(..., help="scenario YAML file"),
    out_dir: Path = typer.Option(Path("runs"), "--out", "-o", help="folder that receives the run directory"),
    overrides: list[str] = typer.Option([], "--set", help=SET_HELP),
) -> None:
    """Simulate a scenario and write runs/<name>-<stamp>/ with the result tables."""
    loaded = _load(scenario, overrides)
    from .run import run_scenario  # heavy imports (torch, sionna) only when running

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:.2f}/{task.total:g} s simulated"),
                  TimeElapsedColumn(), console=err, disable=not err.is_terminal) as bar:
        def progress(label: str, total_s: float):
            task = bar.add_task(label, total=total_s)
            return lambda now_s: bar.update(task, completed=now_s)

        try:
            run_dir = run_scenario(loaded, out_dir, progress)
        except ScenarioError as error:
            for line in str(error).splitlines():
                err.print(line, markup=False, highlight=False)
            raise typer.Exit(2) from None
    _summarise(run_dir)
    from results.report import write_report

    out.print(f"report: {write_report([run_dir], run_dir / 'report.html')}", markup=False, highlight=False)


@app.command()
def report(
    run_dirs: list[Path] = typer.Argument(..., help="one or more run directories (e.g. the points of a sweep)"),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write"),
    png: Path = typer.Option(None, "--png", help="also export every figure as PNG here (needs kaleido + chromium)"),
) -> None:
    """Write one self-contained HTML report comparing the schemes of the given runs."""
    from results.report import PngExportError, write_report
    from results.runs import RunDirError

    try:
        written = write_report(run_dirs, output, png_dir=png)
    except (RunDirError, PngExportError) as error:
        err.print(f"report: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    out.print(f"report: {written}", markup=False, highlight=False)


@app.command()
def sweep(
    scenario: Path = typer.Argument(..., help="scenario YAML file to sweep"),
    grid: list[str] = typer.Option(..., "--grid", help="path=v1,v2,... (repeatable), e.g. channel.snr_db=-6,0,6"),
    replications: int = typer.Option(1, min=1, help="runs per grid point, with seeds seed, seed+1, ..."),
    backend: str = typer.Option("local", help="local (process pool) or ray"),
    jobs: int = typer.Option(1, min=1, help="points run in parallel by the local backend"),
    address: str = typer.Option(None, help="Ray cluster address ('auto' for an existing cluster)"),
    out_dir: Path = typer.Option(Path("runs"), "--out", "-o", help="folder that receives <name>-sweep/"),
    overrides: list[str] = typer.Option([], "--set", help=SET_HELP),
) -> None:
    """Run a grid of scenario variants with replications; finished points are skipped on rerun."""
    from .sweep import parse_axis, run_sweep

    if backend not in ("local", "ray"):
        err.print(f"sweep: --backend must be local or ray (got {backend!r})", markup=False)
        raise typer.Exit(2)
    failed: list[str] = []
    try:
        axes = [parse_axis(option) for option in grid]
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} points"),
                      TimeElapsedColumn(), console=err, disable=not err.is_terminal) as bar:
            total = replications
            for axis in axes:
                total *= len(axis.values)
            task = bar.add_task("sweep", total=total)

            def on_point(row: dict) -> None:
                bar.update(task, advance=1, description=f"{row['point_id']}: {row['status']}")
                if row["status"] == "failed":
                    failed.append(f"{row['point_id']}: {row['error']}")

            folder = run_sweep(scenario, axes, replications, out_dir, backend, jobs, address, overrides, on_point)
    except ScenarioError as error:
        for line in str(error).splitlines():
            err.print(line, markup=False, highlight=False)
        raise typer.Exit(2) from None
    from results.report import write_report

    import pandas as pd

    index = pd.read_parquet(folder / "sweep.parquet")
    counts = index["status"].value_counts().to_dict()
    out.print(f"sweep: {folder}  ({', '.join(f'{v} {k}' for k, v in counts.items())})", markup=False, highlight=False)
    finished = [Path(d) for d in index.loc[index.status != "failed", "run_dir"]]
    if finished:
        out.print(f"report: {write_report(finished, folder / 'report.html')}", markup=False, highlight=False)
    for line in failed:
        err.print(f"failed point {line}", markup=False, highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def calibrate(
    scenario: Path = typer.Argument(..., help="scenario YAML file whose schemes to measure"),
    output: Path = typer.Option(Path("timing_profile.yaml"), "--output", "-o", help="profile file to write"),
    batches: str = typer.Option("1,2,4,8", help="comma-separated batch sizes to measure"),
    repeats: int = typer.Option(3, min=1, help="runs per batch size (the median is fitted)"),
    overrides: list[str] = typer.Option([], "--set", help=SET_HELP),
) -> None:
    """Measure each compute stage at several batch sizes and write a timing profile (a + b·batch)."""
    loaded = _load(scenario, overrides)
    try:
        sizes = sorted({int(b) for b in batches.split(",")})
        assert sizes and sizes[0] >= 1
    except (ValueError, AssertionError):
        err.print(f"calibrate: --batches must be positive integers separated by commas (got {batches!r})", markup=False)
        raise typer.Exit(2) from None
    import yaml

    from .calibrate import calibrate as measure

    with Progress(TextColumn("{task.description}"), console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task("calibrating")
        profile = measure(loaded, sizes, repeats, on_step=lambda text: bar.update(task, description=text))
    output.write_text(yaml.safe_dump(profile, sort_keys=False))
    for key, devices in profile["stages"].items():
        for device, cost in devices.items():
            out.print(f"{key} [{device}]: {cost['a_s'] * 1e3:.3f} ms + {cost['b_s'] * 1e3:.3f} ms/request",
                      markup=False, highlight=False)
    out.print(f"profile: {output}  (use it with timing: {{mode: profile, profile_file: {output}}})",
              markup=False, highlight=False)


@app.command()
def abstract(
    run_dirs: list[Path] = typer.Argument(..., help="model-in-the-loop run directories to measure"),
    output: Path = typer.Option(..., "--output", "-o", help="abstraction table (JSON) to write"),
    bin_db: float = typer.Option(2.0, min=0.1, help="width of the SNR bins [dB]"),
    snr_column: str = typer.Option("effective_snr_db", help="requests column the table is binned on"),
) -> None:
    """Tabulate success and quality vs SNR per scheme, with 95 % intervals, for `fidelity: abstract`."""
    from .abstraction import build_table, write_table

    missing = [str(d) for d in run_dirs if not (d / "requests.parquet").is_file()]
    if missing:
        err.print(f"abstract: not a run directory (no requests.parquet): {', '.join(missing)}", markup=False)
        raise typer.Exit(2)
    try:
        table = build_table(run_dirs, bin_db, snr_column)
    except ValueError as error:
        err.print(f"abstract: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    write_table(table, output)
    for label, entry in table["schemes"].items():
        out.print(f"{label}: {entry['requests']} requests in {len(entry['bins'])} bins of {bin_db:g} dB, "
                  f"metrics {', '.join(entry['metrics'])}", markup=False, highlight=False)
    out.print(f"table: {output}", markup=False, highlight=False)


@app.command()
def train(
    component: str = typer.Argument(..., help="model to train, or 'all'; `semsim models` lists them"),
    seed: int = typer.Option(0, help="seed of every random draw of the training"),
    out_dir: Path = typer.Option(None, "--out", "-o", help="folder for the weight files (default: models/weights)"),
) -> None:
    """Train a default model from scratch and write its weight files (reproducible from --seed)."""
    from models.checkpoints import WEIGHTS_DIR
    from models.zoo import ZOO

    names = ZOO.names() if component == "all" else [component]
    for name in names:
        if name not in ZOO:
            err.print(f"train: unknown model {name!r}; valid: {', '.join(ZOO.names())}, all", markup=False)
            raise typer.Exit(2)
    for name in names:
        entry = ZOO.get(name)
        out.print(f"training {name}: {entry.summary}", markup=False, highlight=False)
        summary = entry.load_module().train(seed=seed, out_dir=out_dir or WEIGHTS_DIR,
                                            log=lambda line: out.print(f"  {line}", markup=False, highlight=False))
        out.print(f"{name}: done in {summary.get('wall_s', float('nan')):.0f} s", markup=False, highlight=False)


eval_app = typer.Typer(help="Evaluate the default models.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("models")
def eval_models(
    json_path: Path = typer.Option(None, "--json", help="also write the measurements as JSON here"),
    faces: int = typer.Option(96, min=4, help="held-out faces for the editing evaluation"),
    card: Path = typer.Option(None, "--card", help="model card to write (default: models/README.md)"),
) -> None:
    """Measure every default model on held-out data and write the model card."""
    import json

    from models.evaluation.card import CARD, evaluate_all
    from models.evaluation.card_markdown import write_card

    measured = evaluate_all(faces=faces, log=lambda line: out.print(line, markup=False, highlight=False))
    if json_path:
        json_path.write_text(json.dumps(measured, indent=2) + "\n")
    out.print(f"model card: {write_card(measured, card or CARD)}", markup=False, highlight=False)


@app.command()
def models() -> None:
    """List the default models, what they are, and whether their weights are present."""
    from models.checkpoints import WEIGHTS_DIR
    from models.zoo import ZOO

    for name in ZOO.names():
        entry = ZOO.get(name)
        present = any(WEIGHTS_DIR.glob(entry.files))
        out.print(f"{name:14s} {'trained' if present else 'missing':8s} {entry.summary}", markup=False, highlight=False)


def _summarise(run_dir: Path) -> None:
    import pandas as pd

    requests = pd.read_parquet(run_dir / "requests.parquet")
    out.print(f"results: {run_dir}", markup=False, highlight=False)
    for scheme, rows in requests.groupby("scheme", sort=False):
        out.print(f"  {scheme}: {len(rows)} requests, success {rows['success'].mean():.0%}, "
                  f"mean latency {rows['latency_s'].mean() * 1e3:.1f} ms, mean PSNR {rows['psnr_db'].mean():.2f} dB, "
                  f"mean energy {rows['energy_j'].mean() * 1e3:.2f} mJ", markup=False, highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
