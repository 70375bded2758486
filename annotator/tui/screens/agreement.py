"""The agreement screen: per-code statistics of two coders, each code's disagreements, and a jump to any."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label
from textual.worker import Worker, WorkerState

from annotator.agreement import Disagreement, SpanOptions
from annotator.agreement.labels import BAND_NOTE, STATISTICS, fmt
from annotator.agreement.project_comparison import CoderComparison, compare_coders, with_gamma
from annotator.agreement.report_model import RowFigures, SpanReport
from annotator.agreement.report_rows import MARK, POOLED, gamma_rows, row_band, span_columns, span_rows
from annotator.coding.follow import ProjectChanges
from annotator.domain.models import Code
from annotator.storage import Project
from annotator.tui.bindings import KeyGroup, modal_help_key
from annotator.tui.errors import report_worker_failure
from annotator.tui.messages import Adjudicate, Jump, PairCompared
from annotator.tui.widgets.place_list import PlaceList

QUOTE_CHARACTERS = 160
SHOWN = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1", "alpha_u", "f1")

_keys = KeyGroup("agreement.", show=True)
# The tightest headers, for a table that does not fit with the usual short ones (80 columns); a legend
# under the table names each in full.
TIGHT_HEADERS = {
    "percent_agreement": "%",
    "cohen_kappa": "κ",
    "fleiss_kappa": "κF",
    "krippendorff_alpha": "α",
    "gwet_ac1": "AC1",
    "alpha_u": "αU",
    "share": "seg",
    "f1": "F1",
}
CELL_PADDING = 2  # DataTable's one cell of padding either side of a column
LEAST_CODE_WIDTH = 10  # a code name is cut no shorter than this (the figures then scroll sideways)
USUAL_CODE_WIDTH = 16  # the usual headers stay while code names keep this much; below it the tight ones


@dataclass(frozen=True)
class AgreementResult:
    """What the worker computed: the comparison (as `annotator agreement` computes it, with the data it
    read), and the disagreements of each code found so far (each is found when its row is first
    highlighted: all of them at once took seconds on a large project)."""

    coders: tuple[str, str]
    comparison: CoderComparison
    disagreements: dict[str, list[Disagreement]]  # code id (or POOLED) -> stretches

    @property
    def report(self) -> SpanReport:
        """The report, as `annotator agreement` gives it."""
        return self.comparison.report


def compute_agreement(db_path: Path, coders: tuple[str, str]) -> AgreementResult:
    """The two coders compared, on a connection of its own."""
    with Project.open(db_path, readonly=True) as project:
        comparison = compare_coders(project, SpanOptions(coders=list(coders)), quotes=True)
    return AgreementResult(coders, comparison, {})


def gamma_of(result: AgreementResult) -> AgreementResult:
    """The result with Mathet's γ of the pair (default samples, sampler and seed, as `--gamma`)."""
    return replace(result, comparison=with_gamma(result.comparison))


def gamma_line(report: SpanReport) -> str:
    """`γ 0.665 [0.659, 0.672] · γ-cat 0.391 · γ-k: Bribery 0.235, …`, or what γ is waiting for."""
    rows = gamma_rows(report)
    if not rows:
        return "g: Mathet's γ of this pair (random continua: takes a moment)"
    parts = []
    for key, code, label, found in rows:
        interval = f" [{fmt(found.interval[0])}, {fmt(found.interval[1])}]" if found.interval else ""
        parts.append(f"{label.removeprefix('γ-k ') if code else STATISTICS[key].short} {fmt(found.value)}{interval}")
    head, codes = parts[:2], parts[2:]
    return " · ".join(head) + (" · γ-k: " + ", ".join(codes) if codes else "")


def disagreements_of(result: AgreementResult, key: str) -> list[Disagreement]:
    """Where the two coders differ on one code (`key`), or on any code (POOLED)."""
    return result.comparison.disagreements(None if key == POOLED else [key])


def shown_columns(report: SpanReport) -> list[tuple[str, ...]]:
    """The report's columns the screen shows (Cohen's κ for two coders, else Fleiss')."""
    columns = [column for column in span_columns(report) if column[-1] in SHOWN]
    if any(column == ("cohen_kappa",) for column in columns):
        columns = [column for column in columns if column != ("fleiss_kappa",)]
    return columns


def compared_documents(report: SpanReport) -> str:
    """`Coded by both: A, D, G (3 of 18 documents); character units`: what the figures rest on, and the
    mark of a degenerate code."""
    both = report.counted_documents
    shown = ", ".join(both[:8]) + (", …" if len(both) > 8 else "")
    total = len(report.documents)
    degenerate = sum(1 for row in report.codes.values() if row.warning is not None)
    marked = f"; {MARK} {degenerate} degenerate, never read as agreement" if degenerate else ""
    return (
        f"Coded by both: {shown or 'none'} ({len(both)} of {total} documents); character units,"
        f" as `annotator agreement`{marked}"
    )


@dataclass(frozen=True)
class ColumnPlan:
    """How the figure table fits its width: each figure column's header, the code names' width, and
    the legend the tight headers need (empty when the usual ones fit)."""

    headers: list[str]
    code_width: int
    legend: str


def plan_columns(keys: list[str], names: list[str], figure_widths: list[int], room: int) -> ColumnPlan:
    """The headers and code-name width that fit the figure columns (`keys`, each as wide as its widest
    figure) into `room` cells: the usual short headers while code names keep USUAL_CODE_WIDTH cells,
    else the tightest with a legend; code names cut to what is left (never below LEAST_CODE_WIDTH,
    where the table scrolls sideways)."""
    usual = [STATISTICS[key].short if key in STATISTICS else key for key in keys]
    longest = max(map(cell_len, names), default=0)

    def figures_width(headers: list[str]) -> int:
        return sum(max(cell_len(h), w) + CELL_PADDING for h, w in zip(headers, figure_widths, strict=True))

    left = room - figures_width(usual) - CELL_PADDING
    if left >= min(longest, USUAL_CODE_WIDTH):
        return ColumnPlan(usual, min(longest, left), "")
    tight = [TIGHT_HEADERS.get(key, header) for key, header in zip(keys, usual, strict=True)]
    legend = " · ".join(
        f"{header} {STATISTICS[key].name if key in STATISTICS else key}"
        for key, header in zip(keys, tight, strict=True)
    )
    left = room - figures_width(tight) - CELL_PADDING
    return ColumnPlan(tight, min(longest, max(left, LEAST_CODE_WIDTH)), legend)


def cut_name(name: str, width: int) -> str:
    """A code name cut with `…` to `width` cells."""
    return name if cell_len(name) <= width else name[: max(width - 1, 0)] + "…"


def disagreement_prompt(item: Disagreement, codes: dict[str, Code]) -> Content:
    """`A · 38–41  tester: Bribery  alice: not coded` over the quoted text."""
    parts: list[str | tuple[str, str]] = [(item.document_id, "bold"), (f" · {item.start}–{item.end}", "$text-muted")]
    for coder, code_ids in item.codes.items():
        names = ", ".join(codes[code].name if code in codes else code for code in code_ids) or "not coded"
        parts += [f"  {coder}: ", (names, "italic")]
    quote = " ".join((item.text or "").split())
    if len(quote) > QUOTE_CHARACTERS:
        quote = quote[: QUOTE_CHARACTERS - 1] + "…"
    parts += ["\n", f"«{quote}»"]
    return Content.assemble(*parts)


class AgreementTable(DataTable[Any]):
    """The per-code figures, each coloured by its band (the colours are its component classes, in its DEFAULT_CSS)."""

    DEFAULT_CSS = """
    AgreementTable > .agreement--good {
        color: $success;
    }
    AgreementTable > .agreement--tentative {
        color: $warning;
    }
    AgreementTable > .agreement--poor {
        color: $error;
        text-style: bold;
    }
    AgreementTable > .agreement--undefined {
        color: $text-muted;
    }
    AgreementTable > .agreement--degenerate {
        color: $text-muted;
        text-style: italic;
    }
    """

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "agreement--good",
        "agreement--tentative",
        "agreement--poor",
        "agreement--undefined",
        "agreement--degenerate",
    }

    def cell(self, row: RowFigures, key: str, value: float | None) -> Text:
        """A figure as text in its band's style (an em dash when undefined; never good in a degenerate row)."""
        name = row_band(row, key, value)
        style = Style()
        if name != "plain":
            # Only the colour, weight and slant: the component's background would cover the cursor row.
            band_style = self.get_component_rich_style(f"agreement--{name}")
            style = Style(color=band_style.color, bold=band_style.bold, italic=band_style.italic)
        return Text(fmt(value), style=style, justify="right")


class AgreementScreen(ModalScreen[Jump | Adjudicate | None]):
    """Codes × statistics for a pair of coders; the highlighted code's disagreements below."""

    BINDINGS = [
        modal_help_key(),
        _keys("c", "next_pair", "Other coders", "next_pair", "Compare the next pair of coders."),
        _keys("r", "recompute", "Again", "recompute", "Compute the report again (the project changed since)."),
        _keys("g", "gamma", "γ", "gamma", "Compute Mathet's γ, γ-cat and γ-k of this pair (random continua)."),
        _keys(
            "J",
            "adjudicate",
            "Adjudicate",
            "adjudicate",
            "Settle the disagreements of these two coders (adjudication mode).",
        ),
        _keys("escape", "close", "Back", "close", "Back to coding without jumping."),
    ]

    @dataclass
    class Computed(Message):
        """The worker finished the report of one pair."""

        result: AgreementResult

    @dataclass
    class GammaComputed(Message):
        """The worker added γ to the report of one pair."""

        result: AgreementResult

    @dataclass
    class Found(Message):
        """A worker found the disagreements of one code (or POOLED) of one pair."""

        result: AgreementResult
        key: str
        disagreements: list[Disagreement]

    def __init__(self, db_path: Path, codes: list[Code], pairs: list[tuple[str, str]]) -> None:
        super().__init__()
        self.db_path = db_path
        self.codes = {code.id: code for code in codes}
        self.pairs = pairs
        self.pair_index = 0
        self.result: AgreementResult | None = None
        self.shown_key: str | None = None  # the code whose disagreements are listed (or asked for)

    def compose(self) -> ComposeResult:
        """Title, note, the table, then the disagreements of the highlighted code."""
        with Vertical(id="agreement", classes="dialog"):
            yield Label("", id="agreement-title", classes="dialog-title")
            # A modal screen has no footer of its own: its keys are written here.
            yield Label(
                "enter: a code's disagreements, again: go there · c: other coders · g: γ · J: adjudicate · r: again · esc: back",
                classes="dialog-hint",
            )
            yield Label("", id="agreement-note", classes="dialog-hint")
            yield Label("", id="agreement-gamma", classes="dialog-hint")
            yield AgreementTable(id="agreement-table", cursor_type="row", zebra_stripes=False)
            yield Label("", id="agreement-legend", classes="dialog-hint")
            yield Label("", id="agreement-heading")
            yield PlaceList(3, "No disagreements here.", id="agreement-disagreements")  # codes, then the quote

    @property
    def pair(self) -> tuple[str, str] | None:
        """The coders compared now."""
        return self.pairs[self.pair_index] if self.pairs else None

    def on_mount(self) -> None:
        """Start computing the first pair."""
        if self.pair is None:
            self.query_one("#agreement-title", Label).update("Agreement: fewer than two coders have coded anything.")
            return
        self._start()

    def _start(self) -> None:
        assert self.pair is not None  # started only once a pair is chosen
        first, second = self.pair
        self.query_one("#agreement-title", Label).update(f"Agreement: {first} × {second}")
        self.query_one("#agreement-note", Label).update("computing…")
        self.query_one(AgreementTable).clear(columns=True)
        self.shown_key = None
        self._list_disagreements([])
        self.query_one("#agreement-heading", Label).update("")
        self.query_one("#agreement-gamma", Label).update("")
        self._compute(self.pair)

    @work(thread=True, exclusive=True, group="agreement", exit_on_error=False)
    def _compute(self, pair: tuple[str, str]) -> None:
        self.post_message(self.Computed(compute_agreement(self.db_path, pair)))

    @on(Computed)
    def _computed(self, event: Computed) -> None:
        if event.result.coders != self.pair:
            return
        self.result = result = event.result
        report = result.report
        self.post_message(PairCompared(*result.coders))
        columns = shown_columns(report)
        table = self.query_one(AgreementTable)
        rows = [
            (
                label,
                [
                    (self.codes[label].name if label in self.codes else label) + (MARK if entry.warning else ""),
                    *(table.cell(entry, column[-1], entry.figure(column).value) for column in columns),
                ],
            )
            for label, entry in span_rows(report)
        ]
        plan = plan_columns(
            [column[-1] for column in columns],
            [str(cells[0]) for _, cells in rows],
            [max((cell_len(str(cells[n + 1])) for _, cells in rows), default=0) for n in range(len(columns))],
            self._table_room(),
        )
        rows = [(key, [cut_name(str(cells[0]), plan.code_width), *cells[1:]]) for key, cells in rows]
        legend = self.query_one("#agreement-legend", Label)
        legend.update(plan.legend)
        legend.display = bool(plan.legend)
        headers = [
            ("Code", "code"),
            *((Text(header, justify="right"), "/".join(c)) for header, c in zip(plan.headers, columns, strict=True)),
        ]
        table.clear(columns=True)
        # Each column at its final width, not auto width: DataTable measures auto-width columns
        # only on its next idle, and a paint before that (a race with the worker's message) cached
        # every cell cut to its header's width for good (its cell cache does not key on the width).
        for index, (header, key) in enumerate(headers):
            width = max(cell_len(str(cell)) for cell in [header, *(cells[index] for _, cells in rows)])
            # A Content header (styled) renders as DataTable draws its own cells.
            table.add_column(header, key=key, width=width)  # type: ignore[arg-type]
        for key, cells in rows:
            table.add_row(*cells, key=key)
        self.query_one("#agreement-note", Label).update(f"{compared_documents(report)}. {BAND_NOTE}.")
        self.query_one("#agreement-gamma", Label).update(gamma_line(report))
        table.focus()
        if table.row_count:
            table.move_cursor(row=0)
            self._show_disagreements(str(table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value))

    def _table_room(self) -> int:
        """The cells the table has across, its vertical scrollbar kept room for (the rows added may
        bring it); before it is laid out, the dialog's share of the terminal."""
        table = self.query_one(AgreementTable)
        width = table.scrollable_content_region.width or round(self.app.size.width * 0.95) - 4
        return width - (0 if table.show_vertical_scrollbar else table.styles.scrollbar_size_vertical)

    @on(DataTable.RowHighlighted, "#agreement-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_disagreements(str(event.row_key.value))

    @on(DataTable.RowSelected, "#agreement-table")
    def _row_selected(self) -> None:
        self.query_one(PlaceList).focus()

    def _show_disagreements(self, key: str) -> None:
        """List the disagreements of a code (POOLED: of all), finding them first if need be."""
        result = self.result
        if result is None:
            return
        self.shown_key = key
        name = self.codes[key].name if key in self.codes else "All codes"
        found = result.disagreements.get(key)
        if found is None:
            self.query_one("#agreement-heading", Label).update(
                Content.assemble((name, "bold"), (": finding the disagreements…", "$text-muted"))
            )
            self._list_disagreements([])
            self._find(result, key)
            return
        count = len(found)
        row = result.report.codes.get(key)
        warning = f" · {MARK} {row.warning.text}" if row is not None and row.warning is not None else ""
        self.query_one("#agreement-heading", Label).update(
            Content.assemble(
                (name, "bold"), (f": {count} disagreement{'' if count == 1 else 's'}{warning}", "$text-muted")
            )
        )
        self._list_disagreements(found)

    @work(thread=True, exclusive=True, group="disagreements", exit_on_error=False)
    def _find(self, result: AgreementResult, key: str) -> None:
        self.post_message(self.Found(result, key, disagreements_of(result, key)))

    @on(Found)
    def _found(self, event: Found) -> None:
        event.result.disagreements[event.key] = event.disagreements
        # The same computation (its dict of disagreements), with or without γ added since.
        if (
            self.result is not None
            and event.result.disagreements is self.result.disagreements
            and event.key == self.shown_key
        ):
            self._show_disagreements(event.key)

    def _list_disagreements(self, found: list[Disagreement]) -> None:
        self.query_one(PlaceList).set_places(found, lambda item: disagreement_prompt(item, self.codes))

    @on(PlaceList.Chosen)
    def _disagreement_chosen(self, event: PlaceList.Chosen) -> None:
        item = self.query_one(PlaceList).places[event.row]
        self.dismiss(Jump(item.document_id, item.start, item.end))

    def action_next_pair(self) -> None:
        """Compare the next pair of coders."""
        if len(self.pairs) > 1:
            self.pair_index = (self.pair_index + 1) % len(self.pairs)
            self._start()

    def follow(self, changes: ProjectChanges) -> None:
        """The compared coders' spans, the documents or the codebook changed elsewhere: the figures
        shown are no longer the project's, so say so (a report can take seconds: `r` computes it
        again, never by itself while the lead reads)."""
        if self.pair is None or self.result is None:
            return
        if changes.everything or changes.codes or changes.documents or changes.owners & set(self.pair):
            who = f" (the last by {changes.latest.coder})" if changes.latest is not None else ""
            self.query_one("#agreement-note", Label).update(
                f"The project changed since these figures were computed{who}: r computes them again."
            )

    def action_recompute(self) -> None:
        """Compute the report of this pair again."""
        if self.pair is not None:
            self._start()

    def action_gamma(self) -> None:
        """Compute Mathet's γ of this pair in a worker (numpy and SciPy load then, not before)."""
        if self.result is None or self.result.report.gamma is not None:
            return
        self.query_one("#agreement-gamma", Label).update("computing Mathet's γ…")
        self._compute_gamma(self.result)

    @work(thread=True, exclusive=True, group="gamma", exit_on_error=False)
    def _compute_gamma(self, result: AgreementResult) -> None:
        self.post_message(self.GammaComputed(gamma_of(result)))

    @on(GammaComputed)
    def _gamma_computed(self, event: GammaComputed) -> None:
        # γ belongs to the computation it started from: not to a later one (`r`, `c`) of the same pair.
        if self.result is None or event.result.comparison.data is not self.result.comparison.data:
            return
        self.result = replace(self.result, comparison=event.result.comparison)
        self.query_one("#agreement-gamma", Label).update(gamma_line(self.result.report))

    def action_adjudicate(self) -> None:
        """Leave for the adjudication of this pair."""
        if self.pair is not None:
            self.dismiss(Adjudicate(*self.pair))

    def action_close(self) -> None:
        """Back to coding."""
        self.dismiss(None)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#agreement-note", Label).update("")
            report_worker_failure(self, "Computing the agreement", event.worker.error)
