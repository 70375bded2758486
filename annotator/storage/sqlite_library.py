"""sqlite-utils, imported without pandas and numpy: it loads them (half a second) only to store
their values, which we never give it, and every command would pay for it at start-up."""

from __future__ import annotations

import sys

_DATAFRAME_LIBRARIES = ("pandas", "numpy")
_hidden = [name for name in _DATAFRAME_LIBRARIES if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]  # `import pandas` now raises ImportError
try:
    import sqlite_utils
finally:
    for _name in _hidden:
        if sys.modules.get(_name, 0) is None:
            del sys.modules[_name]  # anyone else importing them later gets the real library

__all__ = ["sqlite_utils"]
