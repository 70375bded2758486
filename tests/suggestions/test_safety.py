"""Suggestions never touch the network and never unpickle: checked while they are made, learned and measured."""

from __future__ import annotations

import pickle
import socket
from pathlib import Path

import pytest

from annotator.storage import Project
from annotator.suggestions.evaluate import evaluate
from annotator.suggestions.from_project import make_suggestions


def test_making_learning_and_measuring_suggestions_opens_no_socket_and_loads_no_pickle(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def refused(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise AssertionError(f"{name} called while suggesting")

        return refused

    # Beyond the suite's own block (pytest-socket): any attempt is recorded, even one caught inside a library.
    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse(f"pickle.{name}"))
    with Project.open(bundled) as project:
        found = make_suggestions(project, "report", ["A", "M"], min_score=0.3)
        assert found["A"] or found["M"]
        evaluate(project, "report", folds=3)
    assert attempts == []
