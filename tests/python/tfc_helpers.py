"""Helpers shared by the Python suite (tfclock package and Nebari plugin).

Nebari itself is NOT under test and is not installed: the plugin runs against
the stand-in in standin/ (see standin/README.md), driven by the real pluggy,
and OpenTofu is the fake in fake_tofu.py replaying replays/. The package under
test is the one pip installed into the venv running pytest (run.sh).
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
STANDIN = HERE / "standin"
REPLAYS = HERE / "replays"
SECRET = "S3cr3t-Keycloak-Root-0451"  # in the config: must never reach any output

# The stand-in is importable in-process too (tests that need SystemExit itself).
if str(STANDIN) not in sys.path:
    sys.path.insert(0, str(STANDIN))

STAMP = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z ")
DEPLOY_STAGES = [
    "01-terraform-state", "02-infrastructure", "03-kubernetes-initialize",
    "04-kubernetes-ingress", "05-kubernetes-keycloak", "06-kubernetes-keycloak-configuration",
    "07-kubernetes-services", "08-nebari-tf-extensions",
]


def scenario_dirs(*names: str) -> str:
    return os.pathsep.join(str(REPLAYS / n) for n in names)


def nebari_env(tofu: Path, scenario: tuple[str, ...], **extra: str) -> dict[str, str]:
    """The environment of a stand-in `nebari` run: clean of the variables the
    plugin reads, unless given."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TFCLOCK_", "TF_LOG", "FAKE_TOFU_"))
           and k not in ("GITHUB_STEP_SUMMARY", "NO_COLOR", "COLUMNS")}
    env.update(PYTHONPATH=str(STANDIN), STANDIN_TOFU=str(tofu),
               FAKE_TOFU_REPLAYS=scenario_dirs(*scenario), PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


def write_config(folder: Path) -> Path:
    path = folder / "nebari-config.json"
    path.write_text(json.dumps({
        "provider": "aws", "project_name": "tfclock-test",
        "security": {"keycloak": {"initial_root_password": SECRET}},
    }))
    return path


@dataclass
class Run:
    rc: int
    stdout: bytes
    stderr: bytes
    work: Path
    logs: Optional[Path]


def run_nebari(command: str, work: Path, env: dict[str, str], logs: Optional[Path] = None) -> Run:
    """`python -m nebari <command> -c <config>` (the stand-in CLI) in work."""
    cfg = write_config(work)
    args = [sys.executable, "-m", "nebari", command, "-c", str(cfg)]
    if command == "deploy":
        args.append("--disable-prompt")
    p = subprocess.run(args, cwd=work, env=env, capture_output=True, timeout=300)
    return Run(p.returncode, p.stdout, p.stderr, work, logs)


def replay_times(path: Path) -> dict[str, dict[str, float]]:
    """From a replay: per resource address, the replay time of its start and
    of its completion (seconds from the start of the call)."""
    starts = re.compile(rb"\x1b\[1m(.+?): (Creating|Destroying)\.\.\.")
    ends = re.compile(rb"\x1b\[1m(.+?): (Creation|Destruction) complete after")
    out: dict[str, dict[str, float]] = {}
    for raw in path.read_bytes().splitlines():
        if raw.startswith(b"#"):
            continue
        at, _, line = raw.partition(b" ")
        for pattern, key in ((starts, "start"), (ends, "end")):
            m = pattern.search(line)
            if m:
                out.setdefault(m.group(1).decode(), {})[key] = float(at)
    return out


def report_start(stdout: bytes) -> int:
    """Where the tfclock report begins in a run's stdout (-1 when absent)."""
    return stdout.find(b"\ntfclock \xc2\xb7 ")


def report_block(stdout: bytes) -> tuple[int, int]:
    """(start, end) of the report and the line after it naming the logs."""
    start = report_start(stdout)
    assert start >= 0, "no tfclock report"
    kept = stdout.find(b"\ntfclock: logs of this ", start)
    assert kept > start, "the report does not end with where the logs are"
    return start, stdout.index(b"\n", kept + 1) + 1


def stage(model: dict, name: str) -> dict:
    found = [s for s in model["stages"] if s["name"] == name]
    assert len(found) == 1, f"stage {name} appears {len(found)} times"
    return found[0]


def op(st: dict, address: str, action: Optional[str] = None) -> dict:
    found = [o for o in st["operations"]
             if o["address"] == address and (action is None or o["action"] == action)]
    assert len(found) == 1, f"{address} ({action}) appears {len(found)} times in {st['name']}"
    return found[0]


def tfclock_bin() -> str:
    """The C command, to compare the Python CLI with (ctest sets TFCLOCK_BIN)."""
    path = os.environ.get("TFCLOCK_BIN") or str(REPO / "build" / "tfclock")
    if not os.access(path, os.X_OK):
        pytest.fail(f"the tfclock binary is needed ({path}); build it and set TFCLOCK_BIN "
                    "(ctest does)")
    return path


class Console:
    """sys.stdout and sys.stderr as a terminal gives them (text streams over
    binary buffers), recorded: .stdout / .stderr are the bytes written."""

    def __enter__(self) -> "Console":
        self._out, self._err = io.BytesIO(), io.BytesIO()
        self._saved = sys.stdout, sys.stderr
        self.out = io.TextIOWrapper(self._out, encoding="utf-8", write_through=True)
        self.err = io.TextIOWrapper(self._err, encoding="utf-8", write_through=True)
        sys.stdout, sys.stderr = self.out, self.err
        return self

    def __exit__(self, *exc) -> bool:
        sys.stdout, sys.stderr = self._saved
        for stream in (self.out, self.err):
            stream.flush()
            stream.detach()  # keeps the BytesIO open once the wrapper is gone
        return False

    @property
    def stdout(self) -> bytes:
        return self._out.getvalue()

    @property
    def stderr(self) -> bytes:
        return self._err.getvalue()
