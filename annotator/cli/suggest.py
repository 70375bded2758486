"""`annotator suggest`: code suggestions made on this machine; list (and store), accept, reject, evaluate."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from annotator.cli.app import Settings, cli, common_options, pass_project
from annotator.domain.names import escaped
from annotator.suggestions.units import DEFAULT_UNIT, UNITS

if TYPE_CHECKING:
    from annotator.domain.suggestions import Suggestion
    from annotator.storage import Project

# A suggestion's row as jsonl writes it (and the table's columns), documented in docs/suggestions.md.
SUGGESTION_KEYS = ("id", "document", "start", "end", "code", "score", "why", "unit", "suggester")
SYSTEM_FIGURES = ("precision", "recall", "f1", "macro_f1", "alpha")
_EXCERPT = 60  # characters of the unit's text a table row shows


def _unit_option(function: Any) -> Any:
    return click.option(
        "--unit", type=click.Choice(UNITS), default=DEFAULT_UNIT, show_default=True, help="What is suggested."
    )(function)


@cli.group("suggest", invoke_without_command=True)
@common_options
@click.option("--document", "documents", multiple=True, metavar="ID", help="Only this document (repeatable).")
@_unit_option
@click.option("--codes", default=None, metavar="A,B", help="Only these codes.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True, help="Lowest score shown.")
@click.option(
    "--learn-from", default=None, metavar="CODER", help="Learn from this coder's spans (default: the --coder)."
)
@click.option(
    "--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True, help="Output format."
)
@click.pass_context
def suggest_group(
    ctx: click.Context,
    documents: Sequence[str],
    unit: str,
    codes: str | None,
    min_score: float,
    learn_from: str | None,
    fmt: str,
) -> None:
    """Suggest codes for units of the testimonies, from the codebook and your own coding; nothing leaves the machine."""
    if ctx.invoked_subcommand is not None:
        return
    from annotator.suggestions.from_project import make_suggestions

    settings = ctx.ensure_object(Settings)
    with settings.open_project() as project:
        chosen = [name.strip() for name in (codes or "").split(",") if name.strip()]
        found = make_suggestions(
            project,
            settings.coder,
            list(documents) or project.documents.ids(),
            unit=unit,
            min_score=min_score,
            codes=chosen,
            learn_from=learn_from,
        )
        # Most likely first: a coder reads the list top down (docs/suggestions.md says why not by uncertainty).
        ordered = sorted((s for listed in found.values() for s in listed), key=lambda s: -s.score)
        texts = project.corpus.texts({s.document_id for s in ordered})
    if fmt == "jsonl":
        for suggestion in ordered:
            click.echo(json.dumps(dict(zip(SUGGESTION_KEYS, _values(suggestion))), ensure_ascii=False))
        return
    click.echo("\t".join((*SUGGESTION_KEYS[:7], "text")))
    for suggestion in ordered:
        text = texts[suggestion.document_id][suggestion.start : suggestion.end]
        excerpt = " ".join(text.split())[:_EXCERPT]
        click.echo("\t".join(escaped(str(value)) for value in (*_values(suggestion)[:7], excerpt)))
    click.echo(
        f"{len(ordered)} suggestion(s) for {settings.coder}; accept or reject with `annotator suggest accept|reject ID`",
        err=True,
    )


def _values(suggestion: Suggestion) -> tuple[Any, ...]:
    return (
        suggestion.id,
        suggestion.document_id,
        suggestion.start,
        suggestion.end,
        suggestion.code_id,
        suggestion.score,
        suggestion.why,
        suggestion.unit,
        suggestion.suggester,
    )


@suggest_group.command("accept")
@common_options
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("--code", default=None, metavar="CODE", help="Code the unit with this code instead of the suggested one.")
@pass_project(readonly=False)
def accept_command(settings: Settings, project: Project, ids: Sequence[str], code: str | None) -> None:
    """Accept suggestions: each becomes a span of yours, one undoable action each."""
    for suggestion_id in ids:
        action = project.suggestions.accept(settings.coder, suggestion_id, code)
        span = action.changes[0][1]
        assert span is not None
        click.echo(
            f"accepted {suggestion_id}: {span.code_id} in {span.document_id} {span.start}-{span.end} (span {span.id})"
        )


@suggest_group.command("reject")
@common_options
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@pass_project(readonly=False)
def reject_command(settings: Settings, project: Project, ids: Sequence[str]) -> None:
    """Reject suggestions: never proposed to you again for that unit and code (undoable)."""
    for suggestion_id in ids:
        project.suggestions.reject(settings.coder, suggestion_id)
        click.echo(f"rejected {suggestion_id}")


@suggest_group.command("evaluate")
@common_options
@_unit_option
@click.option("--folds", type=click.IntRange(2), default=5, show_default=True, help="Document-level folds.")
@click.option(
    "--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True, help="Score that counts as proposed."
)
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True, help="Output format."
)
@pass_project(readonly=True)
def evaluate_command(settings: Settings, project: Project, unit: str, folds: int, min_score: float, fmt: str) -> None:
    """Train on some documents' coding by the --coder, propose for the rest; P/R/F1 and α beside two baselines."""
    from annotator.suggestions.evaluate import SYSTEMS, evaluate

    result = evaluate(project, settings.coder, unit=unit, folds=folds, min_score=min_score)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo("\t".join(("system", *SYSTEM_FIGURES)))
    for system in SYSTEMS:
        click.echo("\t".join((system, *(_figure(result[system][name]) for name in SYSTEM_FIGURES))))
    click.echo()
    click.echo("\t".join(("code", "coded", *(f"{system} f1" for system in SYSTEMS))))
    for code_id, figures in result["suggester"]["per_code"].items():
        f1s = (_figure(result[system]["per_code"][code_id]["f1"]) for system in SYSTEMS)
        click.echo("\t".join((escaped(code_id), str(figures["support"]), *f1s)))


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
