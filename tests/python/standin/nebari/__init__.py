"""STAND-IN for Nebari's public package (tests only; see ../README.md)."""
