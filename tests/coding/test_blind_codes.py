"""Blind coding hides other coders' in-vivo codes from the session's codebook (not one's own)."""

from __future__ import annotations

from annotator.coding.session import CodingSession
from annotator.storage import Project
from tests.support.coding import CODER, OTHER


def test_another_coders_in_vivo_code_is_hidden_while_blind_and_shown_with_others(project: Project) -> None:
    theirs = project.codes.create("Night shifts", coder=OTHER)
    session = CodingSession(project, CODER)
    assert theirs.id not in session.codes_by_id
    session.show_others = True
    session.refresh_codes()
    assert theirs.id in session.codes_by_id
    session.show_others = False
    session.refresh_codes()
    mine = session.create_code("Debt bondage")
    assert mine.id in session.codes_by_id and theirs.id not in session.codes_by_id
