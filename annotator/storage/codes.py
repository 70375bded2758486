"""Codes: load a codebook, add in-vivo codes while coding, read the codebook back."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

from annotator.domain.errors import InputError
from annotator.domain.models import Code, Codebook, free_code_id, is_code_id
from annotator.domain.names import CODE_NAME, check_name, require_name
from annotator.storage.actions import ActionStore
from annotator.storage.database import now
from annotator.storage.entities import Change, read_state
from annotator.storage.rows import CODE_COLUMNS, code_from_row

# Colours handed to codes created without one, in turn; readable on dark and light terminals.
IN_VIVO_COLOURS = ("#e377c2", "#17becf", "#bcbd22", "#8c564b", "#9467bd", "#ff7f0e", "#2ca02c", "#1f77b4")


class CodeStore(ActionStore):
    """The codes table; the codebook is its rows in position order."""

    def add_codes(self, codes: Iterable[Code], origin: str = "codebook") -> list[Code]:
        """Add codes in one transaction, parents before children; an existing id or name is an error."""
        codes = list(codes)
        known = {code.id: code for code in self.codes()}
        names = {code.name.casefold(): code.id for code in known.values()}
        keys = {code.key: code.id for code in known.values() if code.key}
        for code in codes:
            # A backstop: codes reach here validated, except those built without validation (merges).
            if not is_code_id(code.id):
                raise InputError(f"code id {code.id!r} is not usable: letters, digits, '-', '_' and '.'")
            require_name(CODE_NAME, code.name, where=f"code {code.id!r}: ")
            if code.id in known:
                raise InputError(f"code {code.id!r} already exists in the project")
            if code.name.casefold() in names:
                raise InputError(f"code name {code.name!r} is already used by code {names[code.name.casefold()]!r}")
            if code.key and code.key in keys:
                raise InputError(f"key {code.key!r} of code {code.id!r} is already used by code {keys[code.key]!r}")
            names[code.name.casefold()] = code.id
            if code.key:
                keys[code.key] = code.id
        adding = {code.id for code in codes}
        for code in codes:
            if code.parent is not None and code.parent not in known and code.parent not in adding:
                raise InputError(f"code {code.id!r} names parent {code.parent!r}, which does not exist")
        position = self._next_position("codes")
        stamp = now()
        with self.transaction():
            self.db.conn.executemany(
                "INSERT INTO codes (id, name, parent_id, colour, key, definition, include, exclude, examples, guid,"
                " position, origin, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        code.id,
                        code.name,
                        code.colour,
                        code.key,
                        code.definition,
                        code.include,
                        code.exclude,
                        json.dumps(
                            [example.model_dump(exclude_none=True) for example in code.examples], ensure_ascii=False
                        ),
                        code.guid or str(uuid.uuid4()).upper(),
                        position + index,
                        origin,
                        stamp,
                    )
                    for index, code in enumerate(codes)
                ],
            )
            # Parents are set afterwards so a codebook may list a child before its parent.
            self.db.conn.executemany(
                "UPDATE codes SET parent_id = ? WHERE id = ?",
                [(code.parent, code.id) for code in codes if code.parent is not None],
            )
        return self.codes()

    def add_codebook(self, codebook: Codebook) -> None:
        """Load a validated codebook into the project and remember its name."""
        with self.transaction():
            self.add_codes(codebook.codes)
            self.set_meta("codebook_name", codebook.name)
            self.set_meta("codebook_version", str(codebook.version))
            if codebook.description:
                self.set_meta("codebook_description", codebook.description)

    def create_code(self, name: str, *, parent: str | None = None, colour: str | None = None, coder: str = "") -> Code:
        """Create an in-vivo code from a name while coding; its id is made from the name."""
        name = check_name(CODE_NAME, name)
        with self.transaction():
            # The free id is chosen with the write lock held, so two screens cannot pick the same one.
            existing = {code.id for code in self.codes()}
            code_id = free_code_id(name, existing)
            if colour is None:
                colour = IN_VIVO_COLOURS[len(existing) % len(IN_VIVO_COLOURS)]
            code = Code(id=code_id, name=name, parent=parent, colour=colour)
            self.add_codes([code], origin="in-vivo")
            # Recorded as an action with the new row, so ctrl+z removes the code again; the row is
            # taken out and written back by record() itself, which checks it was absent.
            created = read_state(self.db, "code", code_id)
            self.db.execute("DELETE FROM codes WHERE id = ?", [code_id])
            self.record(
                coder, "code-add", [Change("code", code_id, None, created)], detail={"code": code_id, "name": name}
            )
        return self.code(code_id)

    def codes(self) -> list[Code]:
        """Every code in codebook order."""
        return [code_from_row(row) for row in self.db.execute(f"SELECT {CODE_COLUMNS} FROM codes ORDER BY position")]

    def code(self, code_id: str) -> Code:
        """One code; InputError naming it when it does not exist."""
        row = self.db.execute(f"SELECT {CODE_COLUMNS} FROM codes WHERE id = ?", [code_id]).fetchone()
        if row is None:
            raise InputError(f"no code {code_id!r} in the codebook; add it to the codebook or use --add-codes")
        return code_from_row(row)

    def codebook(self) -> Codebook:
        """The project's codes as a Codebook, in-vivo codes included (to write back to YAML)."""
        return Codebook(
            name=self.meta("codebook_name") or "codebook",
            version=self.meta("codebook_version") or 1,
            description=self.meta("codebook_description") or "",
            codes=tuple(self.codes()),
        )
