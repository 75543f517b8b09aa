"""`python -m tfclock report` is the `tfclock` command: same options, same
output bytes, same messages and exit status as report/cli/main.c."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tfc_helpers import tfclock_bin

LOG = """\
2024-05-01T10:00:00.0000000Z aws_instance.web[0]: Creating...
2024-05-01T10:00:00.1000000Z module.net.aws_subnet.this["a"]: Creating...
2024-05-01T10:00:01.6000000Z module.net.aws_subnet.this["a"]: Creation complete after 2s [id=subnet-1]
2024-05-01T10:00:02.5000000Z aws_instance.web[0]: Creation complete after 3s [id=i-0abc]
2024-05-01T10:00:02.6000000Z aws_instance.db: Creating...
2024-05-01T10:00:09.6000000Z aws_instance.db: Still creating... [10s elapsed]
"""


@pytest.fixture
def logs(tmp_path):
    folder = tmp_path / "logs"
    (folder / "01-net").mkdir(parents=True)
    (folder / "01-net" / "apply.log").write_text(LOG)
    (folder / "02-app.log").write_text(LOG.replace("web", "api"))
    return folder


def env(**extra):
    e = {k: v for k, v in os.environ.items()
         if k not in ("NO_COLOR", "GITHUB_STEP_SUMMARY", "TRACEPARENT")}
    e.update(COLUMNS="120", TERM="xterm")
    e.update(extra)
    return e


def both(args, stdin=None, **extra):
    py = subprocess.run([sys.executable, "-m", "tfclock"] + args, input=stdin,
                        capture_output=True, env=env(**extra), timeout=60)
    c = subprocess.run([tfclock_bin()] + args, input=stdin, capture_output=True,
                       env=env(**extra), timeout=60)
    return py, c


@pytest.mark.parametrize("options", [
    [], ["--format", "json"], ["-f", "markdown"], ["--format=csv"], ["-n", "1"],
    ["--top", "0", "--depth", "0"], ["--min-duration", "1m"], ["--min-duration", "1.5"],
    ["--stage", "02-app"], ["--filter", "module.*"], ["--sort", "address"],
    ["--sort", "start", "--color"], ["--no-color"], ["-f", "chrome"],
])
def test_same_report_as_the_c_command(logs, options):
    py, c = both(["report"] + options + [str(logs)])
    assert (py.returncode, py.stderr) == (c.returncode, c.stderr)
    assert py.stdout == c.stdout
    assert py.returncode == 0 and py.stdout


@pytest.mark.parametrize("args", [
    ["report", "--format", "yaml", "x"], ["report", "--top", "many", "x"], ["report", "--top", "-1", "x"],
    ["report", "--depth", "-2", "x"], ["report", "--min-duration", "soon", "x"],
    ["report", "--sort", "size", "x"], ["report"], ["frobnicate"], [],
    ["report", "--help"], ["--version"], ["report", "-V"], ["help"],
])
def test_same_usage_messages_and_exit_status(args):
    py, c = both(args)
    assert py.returncode == c.returncode
    assert py.stdout == c.stdout
    assert py.stderr == c.stderr


def test_unreadable_input_is_exit_1_and_the_rest_is_reported(logs, tmp_path):
    missing = str(tmp_path / "missing.log")
    py, c = both(["report", "--format", "json", missing, str(logs)])
    assert py.returncode == c.returncode == 1
    assert py.stderr == c.stderr and py.stderr.startswith(b"tfclock: ")
    assert py.stdout == c.stdout and b"01-net" in py.stdout


def test_output_file_and_stdin(logs, tmp_path):
    out = tmp_path / "r.json"
    py = subprocess.run([sys.executable, "-m", "tfclock", "report", "-f", "json", "-o", str(out),
                         "-"], input=LOG.encode(), capture_output=True, env=env(), timeout=60)
    assert py.returncode == 0 and py.stdout == b""
    c = subprocess.run([tfclock_bin(), "report", "-f", "json", "-"], input=LOG.encode(),
                       capture_output=True, env=env(), timeout=60)
    assert out.read_bytes() == c.stdout


def test_tee_copies_stdin_and_reports_to_stderr(logs):
    py, c = both(["report", "--tee", "-"], stdin=LOG.encode())
    assert py.returncode == c.returncode == 0
    assert py.stdout == c.stdout == LOG.encode()
    assert py.stderr == c.stderr and b"aws_instance.web[0]" in py.stderr


def test_github_summary_and_annotations(logs, tmp_path):
    outputs = []
    for name in ("py", "c"):
        summary = tmp_path / f"{name}.md"
        summary.write_text("before\n")
        cmd = [sys.executable, "-m", "tfclock"] if name == "py" else [tfclock_bin()]
        p = subprocess.run(cmd + ["report", "--github", "--warn-over", "1s", str(logs)],
                           capture_output=True, env=env(GITHUB_STEP_SUMMARY=str(summary)),
                           timeout=60)
        assert p.returncode == 0, p.stderr
        outputs.append((p.stdout, p.stderr, summary.read_bytes()))
    assert outputs[0] == outputs[1]
    stdout, _, summary = outputs[0]
    assert summary.startswith(b"before\n") and len(summary) > 100
    assert b"::warning" in stdout


def test_same_warnings_as_the_c_command(tmp_path):
    bad = tmp_path / "bad.log"
    bad.write_bytes(b"aws_instance.a: Creating...\n" + b"x" * (2 << 20) + b"\n"
                    + b'{"@module":"terraform.ui", broken\n' * 5
                    + b"aws_instance.a: Creation complete after 1s\n")
    py, c = both(["report", "-f", "json", str(bad)])
    assert py.returncode == c.returncode == 0
    assert py.stderr == c.stderr and py.stderr.count(b"tfclock: warning: ") == 4
    assert py.stdout == c.stdout
