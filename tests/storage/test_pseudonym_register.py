"""The pseudonym register (`project.pseudonyms`): undoable changes, stable automatic pseudonyms, bad input refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.storage import Project
from tests.support import database_fingerprint


def test_add_edit_remove_are_undone_and_redone(small_project: Path) -> None:
    with Project.open(small_project) as project:
        added = project.pseudonyms.add("lead", "Pyongyang", variants=["Pyoungyang"], kind="place")
        project.pseudonyms.edit("lead", added.id, add_variants=["Phyongyang"])
        project.pseudonyms.remove("lead", added.id)
        assert project.pseudonyms.all() == []
        assert project.history.undo("lead") is not None  # the removal
        assert project.pseudonyms.get(added.id).variants == ("Pyoungyang", "Phyongyang")
        assert project.history.undo("lead") is not None  # the edit
        assert project.pseudonyms.get(added.id).variants == ("Pyoungyang",)
        assert project.history.redo("lead") is not None
        assert project.pseudonyms.get(added.id).variants == ("Pyoungyang", "Phyongyang")


def test_automatic_pseudonyms_are_numbered_per_kind_and_stable(small_project: Path) -> None:
    with Project.open(small_project) as project:
        first = project.pseudonyms.add("lead", "Chengdu", kind="place")
        person = project.pseudonyms.add("lead", "Bak Nam-gi", kind="person")
        second = project.pseudonyms.add("lead", "Dandong", kind="place")
        project.pseudonyms.remove("lead", first.id)
        third = project.pseudonyms.add("lead", "Simyang", kind="place")
        own = project.pseudonyms.add("lead", "Tinda", kind="place", pseudonym="Riverside")
        general = project.pseudonyms.add("lead", "March 1991", kind="date", generalisation="1991")
        assert (first.replacement, second.replacement, person.replacement) == ("[Town 1]", "[Town 2]", "[Person 1]")
        assert project.pseudonyms.get(second.id).replacement == "[Town 2]"  # kept when another goes
        assert third.replacement == "[Town 3]"
        assert (own.method, general.method) == ("pseudonym", "generalisation")


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"original": "   "}, "the original is empty"),
        ({"original": "Chengdu", "pseudonym": "[Town Pyongyang]"}, "the replacement holds an original or variant"),
        (
            {"original": "Chengdu", "pseudonym": "Chengdu city"},
            "the replacement holds an original or variant of this entry",
        ),
        ({"original": "Kim"}, "overlaps a form of register entry 1"),
        ({"original": "Kim Jong Un Senior"}, "overlaps a form of register entry 1"),
        ({"original": "Chengdu", "variants": ["Pyoungyang"]}, "already in register entry 2"),
        ({"original": "Chengdu", "kind": "town"}, "unknown kind 'town'"),
        ({"original": "Bak", "kind": "person", "generalisation": "a man"}, "a person cannot be generalised"),
        ({"original": "Chengdu", "pseudonym": "X", "generalisation": "Y"}, "not both"),
        ({"original": "Person"}, "part of the replacement of register entry 1"),
    ],
)
def test_bad_entries_are_refused_in_one_line_and_nothing_is_written(
    small_project: Path, arguments: dict[str, object], says: str
) -> None:
    with Project.open(small_project) as project:
        project.pseudonyms.add("lead", "Kim Jong Un", kind="person")
        project.pseudonyms.add("lead", "Pyongyang", variants=["Pyoungyang"], kind="place")
    before = database_fingerprint(small_project)
    with Project.open(small_project) as project, pytest.raises(InputError) as refused:
        project.pseudonyms.add("lead", **arguments)  # type: ignore[arg-type]
    message = str(refused.value)
    assert says in message and "nothing was written" in message and "\n" not in message
    assert "Kim" not in message and "Pyong" not in message  # the register's words stay out of messages
    assert database_fingerprint(small_project) == before


def test_an_edit_that_would_overlap_is_refused(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.pseudonyms.add("lead", "Kim Jong Un", kind="person")
        other = project.pseudonyms.add("lead", "Chengdu", kind="place")
        with pytest.raises(InputError, match="overlaps"):
            project.pseudonyms.edit("lead", other.id, add_variants=["Kim"])
        assert project.pseudonyms.get(other.id).variants == ()
