"""Fixtures of the Python suite. Nebari itself is NOT under test: see
tfc_helpers.py and standin/README.md."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tfc_helpers import HERE


@pytest.fixture(scope="session")
def fake_tofu(tmp_path_factory) -> Path:
    """An executable `tofu` running fake_tofu.py with this interpreter."""
    path = tmp_path_factory.mktemp("bin") / "tofu"
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HERE / "fake_tofu.py"}" "$@"\n')
    path.chmod(0o755)
    return path
