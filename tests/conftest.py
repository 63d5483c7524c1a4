import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


@pytest.fixture
def cli():
    """Run the cartelsim CLI in a subprocess; return the CompletedProcess."""
    import subprocess

    def run(*args, cwd=None):
        return subprocess.run(
            [sys.executable, "-m", "model.ui.cli", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd or ROOT,
            timeout=300,
        )

    return run
