"""Shared fixtures for the client-library suites: the built sync-verifier binary."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sync_verifier_binary() -> pathlib.Path:
    """Path of the debug sync-verifier binary (built by `swift build` in .ci/run)."""
    bin_dir = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    binary = pathlib.Path(bin_dir) / "sync-verifier"
    if not binary.exists():
        subprocess.run(["swift", "build", "--product", "sync-verifier"], cwd=ROOT, check=True)
    return binary
