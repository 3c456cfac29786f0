"""CI runs the README's test command, and that command prepares the browser tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Run the tests**", 1)[1]
    return re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()


def ci_command() -> str:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return next(line for line in reversed(lines) if line.strip()).strip()


def test_ci_runs_exactly_the_readme_test_command() -> None:
    assert ci_command() == readme_test_command()


def test_the_test_command_installs_the_browser_before_pytest() -> None:
    steps = [step.strip() for step in readme_test_command().split("&&")]
    assert steps.index(".ci/install-browser") < steps.index(".venv/bin/python -m pytest")
    script = REPO / ".ci" / "install-browser"
    assert os.access(script, os.X_OK), "git must keep .ci/install-browser executable"
