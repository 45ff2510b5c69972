"""The sweep report opened from disk in headless Chromium: every figure renders, no
JavaScript error is raised, no injected script runs, and a screenshot is kept to look at.

Chromium comes from the Debian package ``chromium``; when it is absent the test installs
it with apt-get if running as root, and is skipped (with the reason) otherwise.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
BROWSER_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--virtual-time-budget=15000",
]
# Runs before plotly.js: records uncaught errors, rejected promises and console.error
# calls, then writes them into the DOM once the page has settled so --dump-dom shows them.
ERROR_HOOK = """<script>
window.__jsErrors = [];
window.addEventListener("error", e => window.__jsErrors.push("error: " + e.message));
window.addEventListener("unhandledrejection", e => window.__jsErrors.push("rejection: " + e.reason));
const __consoleError = console.error;
console.error = (...args) => { window.__jsErrors.push("console.error: " + args.join(" ")); __consoleError(...args); };
window.addEventListener("load", () => setTimeout(() => {
  const out = document.createElement("pre");
  out.id = "js-errors";
  out.textContent = JSON.stringify(window.__jsErrors);
  document.body.appendChild(out);
}, 1000));
</script>"""


@pytest.fixture(scope="session")
def chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip(f"{CHROMIUM} is absent and apt-get as root is not available to install the 'chromium' package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if result.returncode != 0:
            pytest.skip(f"installing chromium failed: {' '.join(command)}: {result.stderr[-500:]}")
    return CHROMIUM


def run_browser(chromium: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium, *BROWSER_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True, text=True, timeout=60,
    )


def rendered_figures(dom: str) -> dict[str, bool]:
    """For each figure div, whether plotly drew its SVG (``main-svg``) inside it."""
    tags = list(re.finditer(r'<div[^>]*id="figure-([\w-]+)"[^>]*>', dom))
    rendered = {}
    for tag, following in zip(tags, tags[1:] + [None]):
        inside = dom[tag.end(): following.start() if following else len(dom)]
        rendered[tag.group(1)] = "js-plotly-plot" in tag.group(0) and 'class="main-svg"' in inside
    return rendered


def test_report_renders_in_chromium_without_errors(chromium, sweep_report, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    page = sweep_report.read_text(encoding="utf-8").replace("<head>", "<head>\n" + ERROR_HOOK, 1)
    hooked = folder / "report.html"
    hooked.write_text(page, encoding="utf-8")
    expected = len(re.findall(r'<div id="figure-[\w-]+" class="plotly-graph-div"', page))

    result = run_browser(chromium, folder / "profile", "--enable-logging=stderr", "--v=0", "--dump-dom", hooked.as_uri())
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    errors = re.search(r'<pre id="js-errors">(.*?)</pre>', dom, re.DOTALL)
    assert errors, "the error hook never reported: the page did not finish loading"
    assert json.loads(errors.group(1).replace("&quot;", '"').replace("&amp;", "&")) == []
    assert "Uncaught" not in result.stderr
    assert not re.search(r"<html[^>]*data-pwned", dom), "a script from the scenario name ran"
    rendered = rendered_figures(dom)
    assert len(rendered) == expected == 8
    assert all(rendered.values()), f"figures without an SVG: {[k for k, v in rendered.items() if not v]}"

    screenshot = folder / "report.png"
    shot = run_browser(chromium, folder / "profile", f"--screenshot={screenshot}", "--window-size=1400,4000",
                       hooked.as_uri())
    assert shot.returncode == 0 and screenshot.stat().st_size > 50_000, shot.stderr[-2000:]
    print(f"screenshot: {screenshot}")
