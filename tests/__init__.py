"""The test suite (a package, so `pytest` from the root imports `tests.support`)."""
