"""STAND-IN for Nebari's private package (tests only; see ../README.md)."""
