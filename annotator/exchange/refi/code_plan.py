"""Codes of a REFI-QDA file matched to the project's (by GUID, then name) or planned as new ones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_CODE_NAME
from annotator.domain.models import Code, free_code_id
from annotator.exchange.refi.codebook import RefiCode, parse_description
from annotator.storage import Project

if TYPE_CHECKING:
    from annotator.exchange.refi.importing import ImportReport

MAX_NAME = MAX_CODE_NAME  # names made here are cut to what the models accept


class CodePlan:
    """Maps a file's code GUIDs to code ids, creating codes the project lacks."""

    def __init__(self, project: Project, path: str | Path, report: ImportReport) -> None:
        self.path = path
        self.report = report
        codes = project.codes.all()
        guids = project.codes.guids()
        self.by_guid = {guid.upper(): code_id for code_id, guid in guids.items()}
        self.by_name = {code.name.casefold(): code.id for code in codes}
        self.names = {code.name.casefold() for code in codes}
        self.ids = {code.id for code in codes}
        self.matched_by_name: set[str] = set()
        self.ids_of: dict[str, str] = {}
        self.new: list[Code] = []

    def add(self, codes: list[RefiCode]) -> dict[str, str]:
        names_of = {code.guid: code.name for code in codes}
        renamed, categories = [], 0
        for refi in codes:
            existing = self.by_guid.get(refi.guid)
            if existing is None and refi.name.casefold() in self.by_name:
                candidate = self.by_name[refi.name.casefold()]
                if candidate not in self.matched_by_name and candidate not in self.ids_of.values():
                    existing = candidate
                    self.matched_by_name.add(candidate)
            if existing is not None:
                self.ids_of[refi.guid] = existing
                self.report.codes_present += 1
                continue
            name = self._free_name(refi, names_of.get(refi.parent or ""))
            if name != (refi.name or "unnamed code"):
                renamed.append(f"{refi.name!r} -> {name!r}")
            categories += not refi.codable
            code_id = self._free_id(name, refi.code_id)
            try:
                code = Code(
                    id=code_id,
                    name=name,
                    colour=refi.colour or "#888888",
                    guid=refi.guid,
                    parent=self.ids_of.get(refi.parent) if refi.parent else None,
                    **parse_description(refi.description),  # type: ignore[arg-type]
                )
            except ValidationError as error:
                problem = error.errors()[0]
                raise InputError(f"code {refi.name!r}: {problem['msg']}", path=self.path, line=refi.line) from None
            self.new.append(code)
            self.ids_of[refi.guid] = code_id
            self.report.codes_added += 1
        if renamed:
            self.report.notes.append(f"code names used twice were made unique: {', '.join(renamed)}")
        if categories:
            self.report.notes.append(f"{categories} category(ies) marked not codable became codes")
        return self.ids_of

    def _free_name(self, refi: RefiCode, parent_name: str | None) -> str:
        base = (refi.name or "unnamed code")[:MAX_NAME].strip()
        name = base
        if name.casefold() in self.names and parent_name and parent_name.casefold() != base.casefold():
            name = f"{base} ({parent_name})"[:MAX_NAME]
        suffix = 2
        while name.casefold() in self.names:
            name = f"{base[: MAX_NAME - 12]} {suffix}"  # cut before the suffix, which must survive
            suffix += 1
        self.names.add(name.casefold())
        return name

    def _free_id(self, name: str, exported_id: str | None) -> str:
        """The id the code had in the project it was exported from when free, else one made from its name."""
        code_id = (
            exported_id if exported_id is not None and exported_id not in self.ids else free_code_id(name, self.ids)
        )
        self.ids.add(code_id)
        return code_id
