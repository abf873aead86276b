"""Shared fixtures for the client-library suites: the built sync-verifier binary and a served world."""
import json
import os
import pathlib
import signal
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sync_verifier_binary() -> pathlib.Path:
    """Path of the debug sync-verifier binary (built by `swift build` in .ci/run), or
    $SYNC_VERIFIER_BINARY's when set (a build with its own --scratch-path)."""
    if os.environ.get("SYNC_VERIFIER_BINARY"):
        return pathlib.Path(os.environ["SYNC_VERIFIER_BINARY"])
    bin_dir = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    binary = pathlib.Path(bin_dir) / "sync-verifier"
    if not binary.exists():
        subprocess.run(["swift", "build", "--product", "sync-verifier"], cwd=ROOT, check=True)
    return binary


class ServedWorld:
    """`sync-verifier serve` running in the background, with the SV_* variables it printed."""

    def __init__(self, binary, *args):
        # The request log goes to a file: an unread pipe would fill and stall the server.
        self.log = tempfile.NamedTemporaryFile("w+", prefix="sync-verifier-serve-", suffix=".log")
        self.process = subprocess.Popen(
            [str(binary), "serve", *args],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            start_new_session=True,
        )
        line = self.process.stdout.readline()
        if not line:
            self.log.seek(0)
            raise RuntimeError("serve printed nothing: " + self.log.read())
        self.env = json.loads(line)

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def served(sync_verifier_binary):
    world = ServedWorld(sync_verifier_binary)
    yield world
    world.stop()
    assert world.process.returncode == 0, "serve exits 0 on SIGTERM"


@pytest.fixture(scope="module")
def plain_served(sync_verifier_binary):
    """`serve --http`: plain HTTP, for clients measured or fuzzed without TLS."""
    world = ServedWorld(sync_verifier_binary, "--http")
    yield world
    world.stop()


@pytest.fixture(scope="module")
def trust_test_ca(served):
    """Makes requests (and so simple-salesforce) trust the served fakes' test CA:
    REQUESTS_CA_BUNDLE overrides a session's verify, so it is set, then restored."""
    previous = os.environ.get("REQUESTS_CA_BUNDLE")
    os.environ["REQUESTS_CA_BUNDLE"] = served.env["SV_CA_BUNDLE"]
    yield
    if previous is None:
        os.environ.pop("REQUESTS_CA_BUNDLE")
    else:
        os.environ["REQUESTS_CA_BUNDLE"] = previous
