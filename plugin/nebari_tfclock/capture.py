"""Recording every OpenTofu call Nebari makes, without changing what Nebari does.

A Session replaces ``_nebari.provider.opentofu.run_tofu_subprocess`` (or, before
Nebari 2024.12.1, ``_nebari.provider.terraform.run_terraform_subprocess``) with a
wrapper, and ``sys.stdout`` with a stand-in whose ``buffer`` is a C Tee: the
bytes Nebari writes go to the terminal unchanged and at once, and a copy of the
lines printed during a call goes to ``<dir>/<stage>/<command>.log``, each line
stamped with its arrival time. ``<stage>/<command>.<n>.meta.json`` describes
call n. Every failure of the profiler is caught and becomes one warning line;
Nebari's own results and exceptions pass through untouched.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

#: Where Nebari keeps its OpenTofu runner, newest first: (module, function).
RUNNERS = (
    ("_nebari.provider.opentofu", "run_tofu_subprocess"),
    ("_nebari.provider.terraform", "run_terraform_subprocess"),
)

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def warn(message: str) -> None:
    """The one line a profiler failure is allowed to print (stderr)."""
    try:
        sys.stderr.write(f"tfclock: warning: {message} (the deployment is not affected)\n")
        sys.stderr.flush()
    except Exception:  # a closed stderr must not become Nebari's problem
        pass


def disabled() -> bool:
    return os.environ.get("TFCLOCK_DISABLE", "").strip().lower() in ("1", "true", "yes", "on")


def rfc3339(t: float) -> str:
    """UTC with microseconds, as the log stamps: 2026-11-21T10:00:00.123456Z."""
    return _dt.datetime.fromtimestamp(t, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def safe_name(text: str, fallback: str) -> str:
    """A file-name component: no separators, no dot names, nothing odd."""
    name = _SAFE.sub("_", text).strip("._") or fallback
    return name[:100]


def stage_of(cwd: Any, output_directory: Optional[Path]) -> str:
    """The Nebari stage a call ran in: the first path component under
    <output_directory>/stages/ (not the basename: stages 01 and 02 run in
    stages/<name>/<provider>)."""
    try:
        path = Path(os.fspath(cwd)) if cwd is not None else Path.cwd()
        if not path.is_absolute():
            path = Path.cwd() / path
        if output_directory is not None:
            root = Path(output_directory)
            if not root.is_absolute():
                root = Path.cwd() / root
            try:
                rel = Path(os.path.normpath(path)).relative_to(os.path.normpath(root / "stages"))
                if rel.parts:
                    return safe_name(rel.parts[0], "unknown")
            except ValueError:
                pass
        parts = Path(os.path.normpath(path)).parts
        if "stages" in parts[:-1]:
            return safe_name(parts[parts.index("stages") + 1], "unknown")
        return safe_name(path.name, "unknown")
    except Exception:
        return "unknown"


def redact_argv(processargs: Any) -> list[str]:
    """The arguments as recorded: -var values hidden; -var-file keeps only its
    path (the file, which holds secrets, is never read)."""
    out: list[str] = []
    hide_next = False
    for arg in list(processargs or []):
        text = os.fsdecode(arg) if isinstance(arg, (bytes, os.PathLike)) else str(arg)
        if hide_next:
            text, hide_next = "<redacted>", False
        elif text in ("-var", "--var"):  # the value as the next argument
            hide_next = True
        elif text.startswith(("-var=", "--var=")):
            text = text.split("=", 1)[0] + "=<redacted>"
        out.append(text)
    return out


class _Buffer:
    """Stands in for sys.stdout.buffer while recording: write is the Tee's
    (which writes through to the real buffer at once); everything else is the
    real buffer's. Bound methods are stored once: no Python frame per line."""

    def __init__(self, target: Any, tee: Any) -> None:
        self.__dict__["_tfclock_target"] = target
        self.__dict__["write"] = tee.write
        self.__dict__["flush"] = target.flush

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["_tfclock_target"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.__dict__["_tfclock_target"], name, value)

    def __repr__(self) -> str:
        return repr(self.__dict__["_tfclock_target"])


class _Stdout:
    """Stands in for sys.stdout while recording: everything is the original
    text stream's (write and flush are its very bound methods) except
    ``buffer``, the _Buffer over the Tee."""

    def __init__(self, target: Any, buffer: Any) -> None:
        self.__dict__["_tfclock_target"] = target
        self.__dict__["buffer"] = buffer
        self.__dict__["write"] = target.write
        self.__dict__["flush"] = target.flush

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["_tfclock_target"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.__dict__["_tfclock_target"], name, value)

    def __repr__(self) -> str:
        return repr(self.__dict__["_tfclock_target"])


class Call:
    """One OpenTofu invocation being recorded."""

    def __init__(self, stage: str, command: str, index: int, argv: list[str], cwd: str,
                 log: Path, meta: Path) -> None:
        self.stage, self.command, self.index = stage, command, index
        self.argv, self.cwd, self.log, self.meta = argv, cwd, log, meta
        self.start = time.time()
        self.end: Optional[float] = None
        self.exit_code: Optional[int] = None
        self.exception: Optional[str] = None
        self.lines = 0

    def to_json(self) -> dict:
        return {
            "stage": self.stage, "command": self.command, "call": self.index,
            "argv": self.argv, "cwd": self.cwd, "log": self.log.name,
            "start": rfc3339(self.start),
            "end": rfc3339(self.end) if self.end is not None else None,
            "duration_s": round(self.end - self.start, 6) if self.end is not None else None,
            "exit_code": self.exit_code, "exception": self.exception, "lines": self.lines,
        }


class Session:
    """One deploy or destroy being recorded into folder."""

    def __init__(self, kind: str, folder: Path, output_directory: Optional[Path]) -> None:
        self.kind = kind
        self.folder = folder
        self.output_directory = output_directory
        self.calls: list[Call] = []
        self.current: Optional[Call] = None
        self.tee: Any = None
        self._stdout: Optional[_Stdout] = None
        self._target: Any = None
        self._patched: list[tuple[Any, str, Any]] = []
        self._counters: dict[tuple[str, str], int] = {}
        self.failed = False

    # -- installing and removing ------------------------------------------------

    def install(self) -> None:
        from tfclock import Tee  # the C extension; an ImportError is a warning upstream

        self.folder.mkdir(parents=True, exist_ok=True)
        found = False
        for module_name, attr in RUNNERS:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            original = getattr(module, attr, None)
            if original is None or getattr(original, "_tfclock_wrapped", False):
                continue
            self._patch(module, attr, self._wrap_runner(original))
            runner = getattr(module, "run_subprocess_cmd", None)
            if callable(runner):  # sees the exit code, whatever the runner makes of it
                self._patch(module, "run_subprocess_cmd", self._wrap_exit_observer(runner))
            found = True
            break
        if not found:
            raise RuntimeError("no Nebari OpenTofu runner found to observe "
                               "(_nebari.provider.opentofu.run_tofu_subprocess)")
        target = sys.stdout
        buffer = getattr(target, "buffer", None)
        if buffer is not None:
            self.tee = Tee(buffer)
            self._target = target
            self._stdout = _Stdout(target, _Buffer(buffer, self.tee))
            sys.stdout = self._stdout

    def _patch(self, module: Any, attr: str, replacement: Any) -> None:
        self._patched.append((module, attr, getattr(module, attr)))
        setattr(module, attr, replacement)

    def uninstall(self) -> None:
        """Put everything back; safe to call twice and after a partial install."""
        problems = []
        while self._patched:
            module, attr, original = self._patched.pop()
            try:
                setattr(module, attr, original)
            except Exception as e:
                problems.append(f"restoring {attr}: {e}")
        if self._stdout is not None:
            if sys.stdout is self._stdout:
                sys.stdout = self._target
            else:  # someone wrapped us in turn: stay in their chain, as a plain pass-through
                self._stdout.__dict__["buffer"] = self._target.buffer
            self._stdout = None
        if self.tee is not None and self.tee.capturing:
            try:
                self.tee.stop()
            except OSError as e:
                problems.append(str(e))
        if problems:
            raise RuntimeError("; ".join(problems))

    # -- the wrappers -----------------------------------------------------------

    def _wrap_runner(self, original: Callable) -> Callable:
        session = self

        def run_tofu_subprocess(*args, **kwargs):
            processargs = args[0] if args else kwargs.get("processargs")
            call = session._begin_call(processargs, kwargs)
            result: Any = None
            error: Optional[BaseException] = None
            try:
                result = original(*args, **kwargs)
                return result
            except BaseException as e:
                error = e
                raise
            finally:
                if call is not None:
                    session._end_call(call, result, error)

        run_tofu_subprocess._tfclock_wrapped = True  # type: ignore[attr-defined]
        for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
            try:
                setattr(run_tofu_subprocess, attr, getattr(original, attr))
            except (AttributeError, TypeError):
                pass
        run_tofu_subprocess.__wrapped__ = original  # type: ignore[attr-defined]
        return run_tofu_subprocess

    def _wrap_exit_observer(self, original: Callable) -> Callable:
        session = self

        def run_subprocess_cmd(*args, **kwargs):
            result = original(*args, **kwargs)
            call = session.current
            if call is not None:
                code = result[0] if isinstance(result, tuple) and result else result
                if isinstance(code, int) and not isinstance(code, bool):
                    call.exit_code = code
            return result

        run_subprocess_cmd.__wrapped__ = original  # type: ignore[attr-defined]
        return run_subprocess_cmd

    # -- recording one call -----------------------------------------------------

    def _begin_call(self, processargs: Any, kwargs: dict) -> Optional[Call]:
        if self.failed:
            return None
        try:
            argv = redact_argv(processargs)
            stage = stage_of(kwargs.get("cwd"), self.output_directory)
            command = safe_name(argv[0], "unknown") if argv else "unknown"
            folder = self.folder / stage
            folder.mkdir(parents=True, exist_ok=True)
            index = self._next_index(folder, stage, command)
            call = Call(stage, command, index, argv, os.fspath(kwargs.get("cwd") or os.getcwd()),
                        folder / f"{command}.log", folder / f"{command}.{index}.meta.json")
            self._write_meta(call)
            if self.tee is not None:
                self.tee.start(os.fspath(call.log))
            self.calls.append(call)
            self.current = call
            return call
        except Exception as e:
            self._give_up(f"recording an OpenTofu call failed: {e}")
            return None

    def _end_call(self, call: Call, result: Any, error: Optional[BaseException]) -> None:
        try:
            self.current = None
            call.end = time.time()
            if self.tee is not None and self.tee.capturing:
                call.lines = self.tee.lines
                self.tee.stop()
            if isinstance(error, SystemExit):
                code = error.code
                if call.exit_code is None:
                    call.exit_code = code if isinstance(code, int) else (0 if code is None else 1)
            elif error is not None:
                call.exception = type(error).__name__
            elif call.exit_code is None:
                code = result[0] if isinstance(result, tuple) and result else result
                call.exit_code = code if isinstance(code, int) and not isinstance(code, bool) else 0
            self._write_meta(call)
        except Exception as e:
            self._give_up(f"finishing the record of an OpenTofu call failed: {e}")

    def _next_index(self, folder: Path, stage: str, command: str) -> int:
        key = (stage, command)
        if key not in self._counters:
            # A reused TFCLOCK_DIR keeps earlier calls: number after them.
            pattern = re.compile(re.escape(command) + r"\.(\d+)\.meta\.json$")
            seen = [int(m.group(1)) for p in folder.iterdir() if (m := pattern.match(p.name))]
            self._counters[key] = max(seen, default=0)
        self._counters[key] += 1
        return self._counters[key]

    @staticmethod
    def _write_meta(call: Call) -> None:
        tmp = call.meta.with_name(call.meta.name + ".tmp")
        tmp.write_text(json.dumps(call.to_json(), indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, call.meta)

    def _give_up(self, message: str) -> None:
        """After a failure, stop recording for the rest of the run (once)."""
        if self.tee is not None and self.tee.capturing:
            try:
                self.tee.stop()
            except OSError:
                pass
        if not self.failed:
            self.failed = True
            warn(message)
