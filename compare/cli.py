"""The command line: each command parses options, calls one library function and renders
its result. Errors become one line on stderr and a named exit code (errors.ExitCode)."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from .errors import CompareError, ExitCode

if TYPE_CHECKING:
    from .baseline import BaselineStatus
    from .frozen import WeightsStatus

app = typer.Typer(
    name="compare",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Compare several accounts of the same events: where they agree, diverge, or stand alone.",
    rich_markup_mode=None,
)

CorpusOpt = Annotated[
    Path,
    typer.Option(
        "--corpus",
        envvar="COMPARE_CORPUS",
        help="Corpus folder (default ./seeds; env COMPARE_CORPUS).",
        file_okay=False,
        dir_okay=True,
    ),
]
DEFAULT_CORPUS = Path("seeds")
MAX_BYTES = 64 * 1024 * 1024  # ingest.DEFAULT_MAX_BYTES, which the CLI imports only when it adds
F = TypeVar("F", bound=Callable[..., Any])


def _argument_label(param: Any, *, usage: bool = False) -> str:
    label = param.metavar or param.name.upper()
    if param.nargs != 1:
        label += "..."
    return f"[{label}]" if usage and not param.required else label


class Command(TyperCommand):
    """Help that names arguments the way other command-line tools do: in capitals, in
    brackets when optional. typer 0.29 wraps required arguments in braces ('{inputs}'),
    which reads as a placeholder left unfilled, and lists them with Python type names
    ('<list[str]>')."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        params = self.get_params(ctx)
        return pieces + [_argument_label(p, usage=True) for p in params if p.param_type_name == "argument"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_label(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("compare")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from . import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"compare {package_version()}")
        raise typer.Exit(int(ExitCode.OK))


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    pass


def err(message: str) -> None:
    from .textnorm import clean_display

    typer.echo(f"error: {clean_display(message, limit=1000)}", err=True)


def warn(message: str) -> None:
    # Its own prefix: a warning printed as "error: warning: ..." reads as a failure.
    from .textnorm import clean_display

    typer.echo(f"warning: {clean_display(message, limit=1000)}", err=True)


def handle_errors(func: F) -> F:
    """Turn library errors into one-line messages and named exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CompareError as exc:
            err(exc.message)
            raise typer.Exit(int(exc.exit_code)) from None
        except OSError as exc:
            # A file where a folder should be, a full disk, no permission: a problem with the
            # user's files, not a bug, so one line rather than a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            err(f"{where}{exc.strerror or exc}")
            raise typer.Exit(int(ExitCode.FAILURE)) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


class ProgressPrinter:
    """Renders library progress callbacks on stderr, only for a terminal or when asked."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = ""

    def __call__(self, p: Any) -> None:
        if not self.enabled:
            return
        width = 24
        filled = int(width * p.done / max(1, p.total))
        line = f"\r{p.stage:<8} [{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total}"
        if line != self._last:
            sys.stderr.write(line)
            sys.stderr.flush()
            self._last = line
        if p.done >= p.total:
            sys.stderr.write("\n")
            self._last = ""


@app.command(cls=Command)
@handle_errors
def add(
    inputs: Annotated[
        list[str],
        typer.Argument(metavar="INPUT", help="Files, URLs, or - for standard input.", show_default=False),
    ],
    corpus: CorpusOpt = DEFAULT_CORPUS,
    id: Annotated[str | None, typer.Option("--id", help="Source id (a slug); default from the title.")] = None,
    title: Annotated[str | None, typer.Option(help="Title.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet or publisher.")] = None,
    author: Annotated[str | None, typer.Option(help="Author.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    estimated: Annotated[
        bool, typer.Option("--estimated", help="The publication date is an estimate, not known.")
    ] = False,
    url: Annotated[str | None, typer.Option(help="Original URL.")] = None,
    kind: Annotated[str | None, typer.Option(help="news, opinion, official, wire, reference or other.")] = None,
    language: Annotated[str | None, typer.Option(help="Language code, e.g. en.")] = None,
    reviews: Annotated[
        str | None,
        typer.Option(help="Id of the source this one fact-checks: its ratings ('Verdict: false') rate that source."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Add even if the same text is already there.")] = False,
    max_bytes: Annotated[int, typer.Option(metavar="<bytes>", help="Size cap per input, in bytes.", min=1)] = MAX_BYTES,
    encoding: Annotated[str | None, typer.Option(help="Text encoding when not UTF-8.")] = None,
) -> None:
    """Add sources to the corpus (several are added one by one)."""
    from .ingest import AddOptions, add_sources

    options = AddOptions(
        id=id,
        title=title,
        outlet=outlet,
        author=author,
        published=published,
        published_estimated=estimated or None,
        url=url,
        kind=kind,
        reviews=reviews,
        language=language,
        force=force,
        max_bytes=max_bytes,
        encoding=encoding,
    )
    results = add_sources(corpus, inputs, options)
    failed = 0
    for result in results:
        if isinstance(result, CompareError):
            failed += 1
            err(result.message)
            last_code = result.exit_code
        else:
            note = f" (same text as {result.forced_duplicate_of})" if result.forced_duplicate_of else ""
            claims = f"{result.claims} claim" + ("" if result.claims == 1 else "s")
            typer.echo(f"added {result.source.id}: {claims} -> {result.path}{note}")
            for message in result.warnings:
                warn(message)
    if failed:
        raise typer.Exit(int(last_code if failed == len(inputs) else ExitCode.PARTIAL))


@app.command(cls=Command)
@handle_errors
def sources(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the sources: id, outlet, published, kind, number of claims."""
    from .inspect import list_sources, published_label

    rows = list_sources(corpus)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    typer.echo(
        format_table(
            ["id", "outlet", "published", "kind", "claims"],
            [[r["id"], r["outlet"], published_label(r), r["kind"], str(r["claims"])] for r in rows],
        )
    )


def format_table(header: list[str], rows: list[list[str]]) -> str:
    from .textnorm import clean_display

    rows = [[clean_display(c, limit=60) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


@app.command(cls=Command, short_help="Show a source split into sections, paragraphs and claims.")
@handle_errors
def show(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="Source id.")],
    corpus: CorpusOpt = DEFAULT_CORPUS,
    facts: Annotated[bool, typer.Option("--facts", help="Show the facts of every claim.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show how a source was split into sections, paragraphs and claims (with offsets)."""
    from .inspect import describe_source, render_source

    data = describe_source(corpus, source_id, with_facts=facts)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1) if as_json else render_source(data))


@app.command(cls=Command)
@handle_errors
def remove(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="Source id.")],
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Remove a source from the corpus."""
    from .ingest import remove_source

    result = remove_source(corpus, source_id)
    typer.echo(f"removed {result.id} ({result.path})")
    for message in result.warnings:
        warn(message)


@app.command(cls=Command)
@handle_errors
def report(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    base: Annotated[str | None, typer.Option(help="Focus on one source: list its claims with evidence.")] = None,
    format: Annotated[str, typer.Option("--format", help="Comma-separated: html,md,json,csv.")] = "html,md,json,csv",
    out: Annotated[Path, typer.Option(help="Output folder.", file_okay=False)] = Path("reports"),
    config: Annotated[Path | None, typer.Option(help="Settings file (JSON or YAML) overriding the defaults.")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Open the HTML report when done.")] = False,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ignore and do not write the cache.")] = False,
) -> None:
    """Align the corpus and write comparison reports."""
    from .baseline import read_baseline
    from .corpus import existing_corpus
    from .errors import UsageError
    from .pipeline import analyse_corpus
    from .report import build_report, parse_formats, write_reports
    from .settings import load_settings

    formats = parse_formats(format)
    if out.resolve().is_relative_to(corpus.resolve()):
        # Reports written there would be read back as sources, and the corpus would not load.
        raise UsageError(f"--out {out} is inside the corpus folder {corpus}; write reports elsewhere")
    settings = load_settings(config)
    frozen = read_baseline(existing_corpus(corpus))
    if frozen is not None:
        from .increment import report_corpus_with_baseline, write_spliced

        if base is not None:
            raise UsageError(
                "--base needs the whole corpus analysed at once, and a baseline is frozen; "
                "'compare baseline --thaw' removes it"
            )
        spliced = report_corpus_with_baseline(corpus, frozen, settings, ProgressPrinter(progress), not no_cache)
        for warning in spliced.warnings:
            warn(warning)
        paths = write_spliced(spliced, formats, out)
        s = spliced.summary
    else:
        analysis = analyse_corpus(corpus, settings, ProgressPrinter(progress), use_cache=not no_cache, base=base)
        for warning in (*analysis.corpus.warnings, *analysis.warnings):
            warn(warning)
        data = build_report(analysis, base=base)
        del analysis  # the report holds what is written; the links of a large corpus are gigabytes
        paths = write_reports(data, formats, out)
        s = data["summary"]
    typer.echo(f"{s['sources']} sources, {s['claims']} claims, {s['links']} links, {s['events']} events")
    for p in paths:
        typer.echo(f"wrote {p}")
    if open_ and "html" in formats:
        import webbrowser

        webbrowser.open((out / "report.html").resolve().as_uri())


@app.command(cls=Command, short_help="Freeze the term weights, thaw them, or say if they are frozen.")
@handle_errors
def weights(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    freeze: Annotated[
        bool, typer.Option("--freeze", help="Count the term weights on the corpus as it is and keep them.")
    ] = False,
    thaw: Annotated[bool, typer.Option("--thaw", help="Count them on the corpus again at every run.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the state as one JSON object.")] = False,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
) -> None:
    """Freeze the term weights, so that new sources leave the scores of the others as they
    are; without an option, say whether they are frozen."""
    from .frozen import freeze_term_weights, term_weights_status, thaw_term_weights

    _freeze_or_thaw(
        freeze,
        thaw,
        as_json,
        lambda: freeze_term_weights(corpus, ProgressPrinter(progress)),
        lambda: thaw_term_weights(corpus),
        lambda: term_weights_status(corpus),
        weights_dict,
        render_weights_status,
        (
            "term weights are counted on the corpus at every run",
            "term weights were not frozen: they are counted on the corpus at every run",
        ),
    )


def _freeze_or_thaw(
    freeze: bool,
    thaw: bool,
    as_json: bool,
    do_freeze: Callable[[], Any],
    do_thaw: Callable[[], Any],
    do_status: Callable[[], Any],
    as_dict: Callable[[Any], dict[str, object]],
    render: Callable[[Any, str], str],
    thawed: tuple[str, str],
) -> None:
    """The commands that freeze a file of the corpus, thaw it, or say whether it is there:
    `thawed` says what thawing did, and what it found when there was nothing to thaw."""
    from .errors import UsageError

    if freeze and thaw:
        raise UsageError("--freeze and --thaw cannot be used together")
    if thaw:
        status = do_thaw()
        if as_json:
            typer.echo(json.dumps({**as_dict(status), "frozen": False, "thawed": status.frozen}, sort_keys=True))
        else:
            typer.echo(f"removed {status.path}: {thawed[0]}" if status.frozen else thawed[1])
        return
    status = do_freeze() if freeze else do_status()
    typer.echo(json.dumps(as_dict(status), sort_keys=True) if as_json else render(status, "wrote" if freeze else ""))


@app.command(cls=Command, short_help="Freeze the corpus as a baseline, thaw it, or say if there is one.")
@handle_errors
def baseline(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    freeze: Annotated[
        bool,
        typer.Option("--freeze", help="Freeze the corpus's sources and their term weights as the baseline."),
    ] = False,
    thaw: Annotated[
        bool, typer.Option("--thaw", help="Remove the baseline: analyse the whole corpus at every run.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the state as one JSON object.")] = False,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
) -> None:
    """Freeze the corpus as a baseline: later sources are aligned against it, and its own
    links are kept as they are, so a report after adding a source takes seconds, not a full
    run. Without an option, say whether there is a baseline."""
    from .baseline import corpus_baseline_status, freeze_baseline, thaw_baseline

    _freeze_or_thaw(
        freeze,
        thaw,
        as_json,
        lambda: freeze_baseline(corpus, ProgressPrinter(progress)),
        lambda: thaw_baseline(corpus),
        lambda: corpus_baseline_status(corpus),
        baseline_dict,
        render_baseline_status,
        (
            "every report analyses the whole corpus (term weights stay frozen)",
            "there was no baseline: every report analyses the whole corpus",
        ),
    )


def baseline_dict(status: BaselineStatus) -> dict[str, object]:
    return {
        "path": str(status.path),
        "frozen": status.frozen,
        "sources": status.sources,
        "added_since": list(status.added),
        "changed_since": list(status.changed),
        "sha256": status.sha256 or None,
    }


def render_baseline_status(status: BaselineStatus, verb: str = "") -> str:
    if not status.frozen:
        return "no baseline: every report analyses the whole corpus ('compare baseline --freeze' freezes one)"
    lines = [
        f"{verb + ' ' if verb else ''}{status.path}: baseline of {status.sources} sources (sha256 {status.sha256[:12]})"
    ]
    lines += _source_lists((("added since", status.added), ("changed or removed since", status.changed)))
    if status.changed:
        lines.append("reports fail until it is frozen again ('compare baseline --freeze') or thawed ('--thaw')")
    return "\n".join(lines)


def _source_lists(lists: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    """One line per non-empty list of source ids: how many, and the first ten."""
    lines = []
    for what, ids in lists:
        if ids:
            shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
            lines.append(f"{len(ids)} {'source' if len(ids) == 1 else 'sources'} {what}: {shown}")
    return lines


def weights_dict(status: WeightsStatus) -> dict[str, object]:
    return {
        "path": str(status.path),
        "frozen": status.frozen,
        "sources_counted": status.counted,
        "added_since": list(status.added),
        "removed_since": list(status.removed),
        "sha256": status.sha256 or None,
    }


def render_weights_status(status: WeightsStatus, verb: str = "") -> str:
    if not status.frozen:
        return "term weights are counted on the corpus at every run ('compare weights --freeze' keeps them)"
    lines = [
        f"{verb + ' ' if verb else ''}{status.path}: term weights frozen on {status.counted} sources "
        f"(sha256 {status.sha256[:12]})"
    ]
    lines += _source_lists((("added since", status.added), ("removed since", status.removed)))
    return "\n".join(lines)


@app.command(cls=Command)
@handle_errors
def check(
    corpus: CorpusOpt = DEFAULT_CORPUS,
    fix: Annotated[bool, typer.Option("--fix", help="Repair what can be repaired safely.")] = False,
) -> None:
    """Validate the corpus: ids, hashes, dates, kinds, front matter."""
    from .inspect import check_corpus

    problems, fixed, warnings = check_corpus(corpus, fix=fix)
    for line in fixed:
        typer.echo(f"fixed: {line}")
    for line in warnings:
        warn(line)
    for line in problems:
        err(line)
    if problems:
        raise typer.Exit(int(ExitCode.CORPUS))
    typer.echo("corpus OK")


@app.command(cls=Command, short_help="What changed between two JSON reports.")
@handle_errors
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier report.json.", dir_okay=False)],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later report.json.", dir_okay=False)],
    limit: Annotated[int, typer.Option(metavar="<n>", help="Rows listed per section (0: all).", min=0)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object, every change listed.")] = False,
) -> None:
    """What changed between two JSON reports: links, verdicts, claim statuses, events."""
    from .changes import diff_reports, diff_to_dict, read_report, render_diff

    result = diff_reports(read_report(old), read_report(new))
    if as_json:
        typer.echo(json.dumps(diff_to_dict(result), ensure_ascii=False, sort_keys=True))
    else:
        typer.echo(render_diff(result, limit), nl=False)


@app.command(name="eval", cls=Command, short_help="Score the aligner or the verdicts on a labelled pair file.")
@handle_errors
def eval_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Labelled pairs, TSV or CSV (by extension).", dir_okay=False)
    ],
    text_a: Annotated[str, typer.Option(help="Column of the first text.")] = "text_a",
    text_b: Annotated[str, typer.Option(help="Column of the second text.")] = "text_b",
    label: Annotated[str, typer.Option(help="Column of the gold label.")] = "label",
    positive: Annotated[
        str | None,
        typer.Option(help="Label value that means 'same event' (--task align); several: a,b,c."),
    ] = None,
    task: Annotated[str, typer.Option(help="align (default) or stance.")] = "align",
    map_: Annotated[
        str | None,
        typer.Option("--map", help="For stance: LABEL=VERDICT,... (e.g. agree=agree,disagree=polarity)."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(help="Link score (0-100) to evaluate at, instead of the best one."),
    ] = None,
    config: Annotated[Path | None, typer.Option(help="Settings file overriding the defaults.")] = None,
    limit: Annotated[int | None, typer.Option(metavar="<n>", help="Only the first N rows.")] = None,
    texts: Annotated[
        Path | None,
        typer.Option(help="A file of texts (CSV/TSV) for text columns the pair file lacks, e.g. FNC-1 bodies."),
    ] = None,
    key: Annotated[
        str | None, typer.Option(help="With --texts: the column naming a text in both files, e.g. 'Body ID'.")
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option(help="Also write each pair's score (or verdict) and prediction to this CSV file."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Score the aligner (or the verdicts) against a labelled pair file."""
    from .evaluate import evaluate_file, render_metrics
    from .settings import load_settings

    result = evaluate_file(
        file,
        text_a=text_a,
        text_b=text_b,
        label=label,
        positive=positive,
        task=task,
        mapping=map_,
        threshold=threshold,
        settings=load_settings(config),
        limit=limit,
        texts=texts,
        key=key,
        predictions=predictions,
    )
    typer.echo(json.dumps(result, sort_keys=True) if as_json else render_metrics(result))


def _click_exceptions():  # type: ignore[no-untyped-def]
    try:
        from typer._click import exceptions  # typer 0.2x carries its own click
    except ImportError:  # older typer runs on click itself
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def main(argv: list[str] | None = None) -> None:
    """Run the app; a usage error is one line, like every other error (README, exit codes)."""
    # Keep the program name stable in messages whether run as `compare` or `python -m compare`.
    os.environ.setdefault("COLUMNS", os.environ.get("COLUMNS", "100"))
    exceptions = _click_exceptions()
    try:
        code = app(args=argv, prog_name="compare", standalone_mode=False)
    except exceptions.UsageError as exc:
        if isinstance(exc, getattr(exceptions, "NoArgsIsHelpError", ())):
            exc.show()  # `compare` alone: the list of commands (click 8.2 raises it as an error)
        else:
            where = exc.ctx.command_path if exc.ctx is not None else "compare"
            err(f"{exc.format_message()} (see '{where} --help')")
        sys.exit(int(ExitCode.USAGE))
    except exceptions.ClickException as exc:
        err(exc.format_message())
        sys.exit(exc.exit_code)
    except exceptions.Abort:
        err("interrupted")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
