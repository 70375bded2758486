"""`annotator keys`: the keys in effect after the keymap, and a bad keymap named in one line."""

from __future__ import annotations

from pathlib import Path


def _rows(stdout: str) -> dict[str, list[str]]:
    return {line.split("\t")[1]: line.split("\t") for line in stdout.splitlines()[1:]}


def test_keys_prints_every_binding_with_its_keys(run_cli, monkeypatch) -> None:
    monkeypatch.delenv("ANNOTATOR_KEYMAP", raising=False)
    result = run_cli("keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "part\tid\tkeys\taction"
    rows = _rows(result.stdout)
    assert rows["quit"] == ["Everywhere", "quit", "ctrl+q", "Quit"]
    assert rows["next_testimony"][2] == "right_square_bracket"
    assert "adjudication.take_a" in rows


def test_keys_applies_the_keymap_and_fails_on_unknown_ids_and_clashes(run_cli, tmp_path: Path, monkeypatch) -> None:
    keymap = tmp_path / "keys.toml"
    keymap.write_text('[keys]\nnext_testimony = "x"\nnext_testimonie = "n"\n', encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(keymap))
    result = run_cli("keys")
    assert result.exit_code == 1
    assert _rows(result.stdout)["next_testimony"][2] == "x (keymap)"
    assert result.stderr == (
        "annotator: ANNOTATOR_KEYMAP: no binding has the id 'next_testimonie'; 'next_testimony' is given 'x',"
        " which 'remove_span' holds (Coding screen) (`annotator keys` lists every id and its keys)\n"
    )
    # Given with --keymap, the line names that file, not the variable.
    named = run_cli("keys", "--keymap", keymap)
    assert named.stderr.startswith(f"annotator: {keymap}: no binding has the id 'next_testimonie'")
    fine = tmp_path / "fine.toml"
    fine.write_text('[keys]\nnext_testimony = "ctrl+n"\n', encoding="utf-8")
    assert run_cli("keys", "--keymap", fine).exit_code == 0
