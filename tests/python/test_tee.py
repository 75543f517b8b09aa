"""tfclock.Tee, the C stream the Nebari plugin puts under sys.stdout.buffer:
bytes pass through unchanged and at once; a copy goes to a log with every line
stamped with its arrival time; its own failures never reach the writer."""
from __future__ import annotations

import io
import os
import re
import time
from datetime import datetime, timezone

import pytest

from tfclock import Tee

STAMP = re.compile(rb"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})Z (.*)$")


class Recorder(io.RawIOBase):
    """A binary stream that remembers each write and can be told to fail."""

    def __init__(self):
        self.writes = []
        self.fail = None

    def writable(self):
        return True

    def write(self, b):
        if self.fail:
            raise self.fail
        self.writes.append(bytes(b))
        return len(b)


def stamped(path):
    out = []
    for line in path.read_bytes().split(b"\n")[:-1]:
        m = STAMP.match(line)
        assert m, line
        t = datetime.strptime(m.group(1).decode(), "%Y-%m-%dT%H:%M:%S.%f")
        out.append((t.replace(tzinfo=timezone.utc).timestamp(), m.group(2)))
    return out


def test_passes_through_and_copies_stamped_lines(tmp_path):
    raw = Recorder()
    tee = Tee(raw)
    log = tmp_path / "apply.log"
    assert tee.write(b"before\n") == 7  # not capturing: nothing copied
    before = time.time()
    tee.start(str(log))
    assert tee.capturing
    assert tee.write(b"[tofu]: \x1b[1mone\x1b[0m\n[tofu]: two\n") == 32
    assert tee.write(bytearray(b"[tofu]: par")) == 11
    assert tee.write(memoryview(b"tial\n[tofu]: no newline")) == 23
    assert tee.write(b"") == 0
    assert tee.lines == 3
    tee.stop()
    after = time.time()
    assert not tee.capturing
    tee.write(b"after\n")
    assert raw.writes == [b"before\n", b"[tofu]: \x1b[1mone\x1b[0m\n[tofu]: two\n",
                          b"[tofu]: par", b"tial\n[tofu]: no newline", b"", b"after\n"]
    lines = stamped(log)
    assert [text for _, text in lines] == [b"[tofu]: \x1b[1mone\x1b[0m", b"[tofu]: two",
                                           b"[tofu]: partial", b"[tofu]: no newline"]
    for t, _ in lines:
        assert before - 0.001 <= t <= after + 0.001
    assert [t for t, _ in lines] == sorted(t for t, _ in lines)


def test_a_line_is_stamped_when_its_first_byte_arrives(tmp_path):
    tee = Tee(Recorder())
    log = tmp_path / "x.log"
    tee.start(str(log))
    tee.write(b"slow ")
    time.sleep(0.2)
    tee.write(b"line\nnext\n")
    tee.stop()
    (t1, a), (t2, b) = stamped(log)
    assert (a, b) == (b"slow line", b"next")
    assert t2 - t1 == pytest.approx(0.2, abs=0.08)


def test_calls_append_to_the_same_log(tmp_path):
    tee = Tee(Recorder())
    log = tmp_path / "init.log"
    for text in (b"first\n", b"second"):
        tee.start(str(log))
        tee.write(text)
        tee.stop()
    assert [t for _, t in stamped(log)] == [b"first", b"second"]


def test_stream_errors_reach_the_writer_unchanged(tmp_path):
    raw = Recorder()
    tee = Tee(raw)
    tee.start(str(tmp_path / "x.log"))
    raw.fail = BrokenPipeError(32, "Broken pipe")
    with pytest.raises(BrokenPipeError) as e:
        tee.write(b"lost\n")
    assert e.value is raw.fail
    raw.fail = None
    with pytest.raises(TypeError):
        Tee(io.BytesIO()).write("text, not bytes")
    tee.stop()
    assert (tmp_path / "x.log").read_bytes() == b""  # nothing the stream refused


def test_copy_failures_stay_inside(tmp_path):
    raw = Recorder()
    tee = Tee(raw)
    if not os.path.exists("/dev/full"):
        pytest.fail("/dev/full is needed to simulate a full disk")
    tee.start("/dev/full")
    for i in range(20_000):  # past the buffer: the copy fails, the stream never notices
        assert tee.write(b"x" * 10 + b"\n") == 11
    with pytest.raises(OSError, match="No space left"):
        tee.stop()
    assert len(raw.writes) == 20_000
    with pytest.raises(OSError):
        tee.start(str(tmp_path / "missing" / "x.log"))
    assert not tee.capturing


def test_the_plugins_buffer_is_the_real_one_but_for_write(tmp_path):
    """The stand-in for sys.stdout.buffer: write is the Tee's, the rest the real buffer's."""
    from nebari_tfclock.capture import _Buffer, _Stdout

    path = tmp_path / "out.txt"
    with open(path, "w", encoding="utf-8") as f:
        tee = Tee(f.buffer)
        assert tee.wrapped is f.buffer
        out = _Stdout(f, _Buffer(f.buffer, tee))
        assert out.fileno() == f.fileno() and out.buffer.fileno() == f.fileno()
        assert out.encoding == f.encoding and out.buffer.raw is f.buffer.raw
        assert out.buffer.mode == "wb" and repr(out) == repr(f)
        tee.start(str(tmp_path / "copy.log"))
        out.write("text ")
        out.flush()
        out.buffer.write(b"bytes\n")
        out.flush()
        tee.stop()
        assert path.read_bytes() == b"text bytes\n"
        with pytest.raises(AttributeError):
            out.buffer.no_such_attribute
    assert [t for _, t in stamped(tmp_path / "copy.log")] == [b"bytes"]  # only the buffer's
    tee2 = Tee(io.BytesIO())
    tee2.start(str(tmp_path / "a.log"))
    with pytest.raises(RuntimeError):
        tee2.start(str(tmp_path / "b.log"))
    tee2.stop()
