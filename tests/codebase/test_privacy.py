"""Privacy guarantees: the suite runs with network sockets blocked; project files are the owner's alone."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_socket import SocketBlockedError


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_network_sockets_are_blocked_in_the_suite() -> None:
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_cli_creates_files_owner_only_even_with_a_lax_umask(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "A.txt").write_text("text", encoding="utf-8")
    codebook = tmp_path / "cb.yaml"
    codebook.write_text("codes:\n  - id: c\n    name: C\n", encoding="utf-8")
    env = {**os.environ, "ANNOTATOR_CODER": "t"}
    command = [sys.executable, "-m", "annotator", "--db", str(tmp_path / "p.db")]
    # The umask the user has is 022 (world-readable by default); ours must win.
    wrapper = ["sh", "-c", 'umask 022; exec "$@"', "sh"]
    subprocess.run(
        [*wrapper, *command, "init", "--corpus", str(corpus), "--codebook", str(codebook)],
        check=True,
        env=env,
        capture_output=True,
    )
    subprocess.run(
        [*wrapper, *command, "export", "csv", "-o", str(tmp_path / "out.csv")],
        check=True,
        env=env,
        capture_output=True,
        cwd=tmp_path,
    )
    subprocess.run([*wrapper, *command, "export", "csv"], check=True, env=env, capture_output=True, cwd=tmp_path)
    for path in (tmp_path / "p.db", tmp_path / "out.csv", tmp_path / "exports" / "p-spans.csv"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert stat.S_IMODE(os.stat(tmp_path / "exports").st_mode) == 0o700
