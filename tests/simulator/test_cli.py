"""The CLI reports bad scenarios in one line per problem and exits 2, never with a traceback."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def semsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_validate_good_file():
    result = semsim("validate", "scenarios/quickstart.yaml")
    assert result.returncode == 0
    assert "quickstart.yaml: valid (6 users, 2 schemes" in result.stdout


def test_validate_and_run_bad_file_exit_2(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text((ROOT / "scenarios/quickstart.yaml").read_text().replace("numerology: 1", "numerology: 7"))
    for command in ("validate", "run"):
        result = semsim(command, str(bad))
        assert result.returncode == 2
        assert result.stderr.strip() == "broken.yaml: cell.numerology: must be one of 0, 1, 2, 3 (got 7)"
        assert "Traceback" not in result.stderr + result.stdout


def test_non_yaml_bytes_exit_2(tmp_path):
    bad = tmp_path / "binary.yaml"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00")
    result = semsim("validate", str(bad))
    assert result.returncode == 2
    assert "binary.yaml" in result.stderr and "Traceback" not in result.stderr
