"""Read and write codebook YAML files, reporting every problem as `FILE:LINE: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_NESTING, MAX_YAML_BYTES
from annotator.domain.models import Codebook
from annotator.domain.textfiles import read_text_file


class CodebookError(InputError):
    """A codebook that cannot be used; `problems` holds every line-numbered message found."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems", path=path)
        # The message is the full list, one problem per line, each already naming file and line.
        self.args = ("\n".join(problems),)

    def __str__(self) -> str:
        # A file with thousands of faults must not flood a terminal: the first few, then a count
        # (`annotator codebook check FILE` prints every one).
        if len(self.problems) <= SHOWN_PROBLEMS:
            return "\n".join(self.problems)
        more = len(self.problems) - SHOWN_PROBLEMS
        return "\n".join(
            [
                *self.problems[:SHOWN_PROBLEMS],
                f"{self.path}: {more} more problem(s); `annotator codebook check` lists all",
            ]
        )


SHOWN_PROBLEMS = 10


def load_codebook(path: str | Path) -> Codebook:
    """Read a YAML codebook file and validate it; raise CodebookError listing every problem."""
    path = Path(path)
    text = read_text_file(path, MAX_YAML_BYTES)
    return parse_codebook(text, path)


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping and nesting deeper than MAX_NESTING.

    PyYAML lets the second of two equal keys win without a word (`codes:` twice loses codes), and
    builds nodes recursively, so a file nested thousands deep would end in RecursionError.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_NESTING} levels deep", mark)
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node)
            if key in first_line:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key {key!r} appears twice in one mapping (first on line {first_line[key]})",
                    key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


def parse_codebook(text: str, path: str | Path = "<codebook>") -> Codebook:
    """Validate codebook YAML text; `path` is only used in messages."""
    data, root = _read_mapping(text, path)
    return _validated(data, root, path)


@dataclass(frozen=True)
class SyncFile:
    """A codebook file read for `codebook sync`: its live codes, the stubs of removed codes
    (`- id: X` with `merged_into: Y`) as id → target, and each code's and stub's line."""

    codebook: Codebook
    merged_into: dict[str, str]
    lines: dict[str, int]


def load_sync_file(path: str | Path) -> SyncFile:
    """Read a codebook file that may hold stubs of removed codes; CodebookError names file and line."""
    path = Path(path)
    data, root = _read_mapping(read_text_file(path, MAX_YAML_BYTES), path)
    entries = data.get("codes")
    if not isinstance(entries, list):
        return SyncFile(_validated(data, root, path), {}, {})
    lines: dict[str, int] = {}
    code_nodes = _child(root, "codes")
    live: list[Any] = []
    kept: list[int] = []
    merged_into: dict[str, str] = {}
    problems: list[str] = []
    for index, entry in enumerate(entries):
        line = _line_of(code_nodes, (index,)) if code_nodes is not None else 1
        if isinstance(entry, dict) and "merged_into" in entry:
            stub_id, target = entry.get("id"), entry.get("merged_into")
            extra = sorted(set(entry) - {"id", "name", "merged_into"})
            if not isinstance(stub_id, str) or not isinstance(target, str) or extra:
                problems.append(
                    f"{path}:{line}: codes[{index}]: a stub of a removed code holds only id, name and merged_into"
                )
                continue
            merged_into[stub_id] = target
            lines[stub_id] = line
        else:
            live.append(entry)
            kept.append(index)
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                lines[entry["id"]] = line
    if problems:
        raise CodebookError(path, problems)
    codebook = _validated({**data, "codes": live}, root, path, kept)
    ids = {code.id for code in codebook.codes}
    for stub_id, target in merged_into.items():
        where = f"{path}:{lines[stub_id]}: code {stub_id!r}"
        if stub_id in ids:
            problems.append(f"{where}: is both a code and a stub merged into {target!r}")
        elif target not in ids:
            problems.append(f"{where}: merged_into {target!r} is not a code of this file")
    if problems:
        raise CodebookError(path, problems)
    return SyncFile(codebook, merged_into, lines)


def _read_mapping(text: str, path: str | Path) -> tuple[dict[str, Any], yaml.Node | None]:
    """The YAML text as a mapping and its node tree (for line numbers); CodebookError otherwise."""
    if not text.strip():
        raise CodebookError(path, [f"{path}:1: codebook: the file is empty; a codebook needs a 'codes' list"])
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise CodebookError(path, [f"{path}:{line}: yaml: {problem}"]) from None
    except RecursionError:  # a fallback: the depth bound above should come first
        raise CodebookError(path, [f"{path}:1: yaml: nested too deeply to read"]) from None
    finally:
        loader.dispose()
    if data is None:
        raise CodebookError(
            path, [f"{path}:1: codebook: the file holds only comments; a codebook needs a 'codes' list"]
        )
    if not isinstance(data, dict):
        raise CodebookError(
            path, [f"{path}:1: codebook: expected a mapping with a 'codes' list, found {type(data).__name__}"]
        )
    return data, root


def _validated(
    data: dict[str, Any], root: yaml.Node | None, path: str | Path, kept: list[int] | None = None
) -> Codebook:
    """The mapping as a Codebook; `kept` maps the index of each code given to its index in the file."""
    try:
        return Codebook.model_validate(data)
    except ValidationError as error:
        raise CodebookError(path, _describe(error, root, path, kept)) from None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                child: yaml.Node = value_node
                return child
    return None


def _describe(
    error: ValidationError, root: yaml.Node | None, path: str | Path, kept: list[int] | None = None
) -> list[str]:
    lines: list[tuple[int, str]] = []
    for item in error.errors():
        if item["type"] == "codebook_rules":
            located = item["ctx"]["problems"]
        else:
            located = [(tuple(item["loc"]), item["msg"])]
        for loc, message in located:
            if (
                kept is not None
                and len(loc) > 1
                and loc[0] == "codes"
                and isinstance(loc[1], int)
                and loc[1] < len(kept)
            ):
                loc = ("codes", kept[loc[1]], *loc[2:])
            line = _line_of(root, loc)
            lines.append((line, f"{path}:{line}: {_field_name(loc)}: {message}"))
    # In file order, so a reader can fix them top to bottom.
    return [message for _, message in sorted(lines, key=lambda item: item[0])]


def _field_name(loc: tuple[Any, ...]) -> str:
    """`codes[3].colour` from ('codes', 3, 'colour'), the way a reader finds it in the file."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "codebook"


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """1-based line of the YAML node at `loc`, or of its nearest existing ancestor."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def dump_codebook(codebook: Codebook) -> str:
    """The codebook as YAML, in the same shape `load_codebook` reads (for in-vivo codes written back)."""
    data: dict[str, Any] = {"name": codebook.name, "version": codebook.version}
    if codebook.description:
        data["description"] = codebook.description
    data["codes"] = [
        code.model_dump(exclude_none=True, exclude_defaults=True, include=None)
        | {"id": code.id, "name": code.name, "colour": code.colour}
        for code in codebook.codes
    ]
    for entry, code in zip(data["codes"], codebook.codes):
        entry.pop("guid", None)
        if code.examples:
            entry["examples"] = [example.model_dump(exclude_none=True) for example in code.examples]
    ordered = [{key: entry[key] for key in _CODE_FIELD_ORDER if key in entry} for entry in data["codes"]]
    data["codes"] = ordered
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


_CODE_FIELD_ORDER = ("id", "name", "parent", "key", "colour", "definition", "include", "exclude", "examples")
