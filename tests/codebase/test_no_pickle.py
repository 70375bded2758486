"""Nothing learned is ever unpickled: no module of annotator loads pickle, joblib or a numpy file with pickles."""

from __future__ import annotations

import re
from pathlib import Path

import annotator

# Any of these could turn a crafted project, packet or .qdpx into code run on the coder's machine.
UNPICKLING = re.compile(
    r"\b(import pickle|from pickle|cPickle|dill|joblib|shelve|allow_pickle|torch\.load|cloudpickle)\b"
)


def test_no_module_can_unpickle() -> None:
    root = Path(annotator.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNPICKLING.search(line)
    ]
    assert found == []
