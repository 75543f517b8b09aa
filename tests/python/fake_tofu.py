#!/usr/bin/env python3
"""A fake `tofu` for the plugin tests: replays a fixture log line by line with
its real (shortened) delays and exit code.

    tofu <command> [args...]      (run with cwd = a Nebari stage directory)

The replay is <dir>/<stage>/<command>.replay, else <dir>/_default/<command>.replay,
for each dir in $FAKE_TOFU_REPLAYS (os.pathsep-separated, first match wins);
<stage> is the path component after "stages" in the working directory. No
replay: no output, exit 0. `output -json` prints {} as OpenTofu does for a
configuration without outputs.

Replay format (tests/python/replays/README.md): "<seconds> <raw line bytes>" per
line, the time from the start of the run; "#exit N" sets the exit status;
other "#" lines are comments. A line that starts with a TF_LOG timestamp goes
to stderr — and only when $TF_LOG is set, as with the real tofu — with its
timestamps replaced by the current time. $FAKE_TOFU_SCALE multiplies every
delay (0 = no delays).
"""
import os
import re
import sys
import time

TF_LOG_LINE = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:Z|[+-]\d{4}) \[")
STAMPS = (
    (re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:Z|[+-]\d{4})"), "%Y-%m-%dT%H:%M:%S.{ms}Z"),
    (re.compile(rb"(?<=: )\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?= \[)"), "%Y/%m/%d %H:%M:%S"),
    (re.compile(rb"(?<=timestamp=)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:Z|[+-]\d{4})"),
     "%Y-%m-%dT%H:%M:%S.{ms}Z"),
)


def stage_of(cwd):
    parts = os.path.normpath(cwd).split(os.sep)
    if "stages" in parts[:-1]:
        return parts[parts.index("stages") + 1]
    return os.path.basename(cwd)


def find_replay(stage, command):
    for folder in filter(None, os.environ.get("FAKE_TOFU_REPLAYS", "").split(os.pathsep)):
        for candidate in (os.path.join(folder, stage, command + ".replay"),
                          os.path.join(folder, "_default", command + ".replay")):
            if os.path.isfile(candidate):
                return candidate
    return None


def now_stamp(fmt):
    t = time.time()
    text = time.strftime(fmt, time.gmtime(t)).replace("{ms}", "%03d" % int(t % 1 * 1000))
    return text.encode()


def restamp(line):
    for pattern, fmt in STAMPS:
        line = pattern.sub(lambda m: now_stamp(fmt), line, count=1)
    return line


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command in ("version", "-version", "--version"):
        sys.stdout.write("OpenTofu v1.8.3\non linux_amd64\n")
        return 0
    if command == "output":
        sys.stdout.write("{}\n")
        return 0
    path = find_replay(stage_of(os.getcwd()), command)
    if path is None:
        return 0
    scale = float(os.environ.get("FAKE_TOFU_SCALE", "1"))
    tf_log = bool(os.environ.get("TF_LOG"))
    out, err = sys.stdout.buffer, sys.stderr.buffer
    start = time.monotonic()
    exit_code = 0
    with open(path, "rb") as f:
        for raw in f:
            raw = raw.rstrip(b"\n")
            if raw.startswith(b"#"):
                if raw.startswith(b"#exit "):
                    exit_code = int(raw[6:])
                continue
            at, _, line = raw.partition(b" ")
            if not at:
                continue
            delay = start + float(at) * scale - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if TF_LOG_LINE.match(line):
                if tf_log:
                    err.write(restamp(line) + b"\n")
                    err.flush()
                continue
            out.write(line + b"\n")
            out.flush()
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
