"""The ``catalogue`` command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.html.engine import ENGINES
from generator.model.settings import PAPERS
from generator.problems import CatalogueError, report
from generator.problems import report as report_problems
from generator.project import SITE_DIR

log = logging.getLogger("generator")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="catalogue", description="Check a procedure catalogue and build its website.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the catalogue folder (default: the current folder)",
    )
    common.add_argument("-v", "--verbose", action="store_true", help="say more about what is done")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("check", parents=[common], help="check every record; print every problem")
    build = sub.add_parser("build", parents=[common], help="check, then build the site into site/")
    build.add_argument("--site-dir", type=Path, help="build here instead of DIR/site")
    build.add_argument("--paper", choices=PAPERS, help="paper size of the PDFs (default: settings, else A4)")
    build.add_argument(
        "--bleed",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add 3 mm bleed and crop marks to the PDFs, for a print shop",
    )
    build.add_argument("--jobs", type=int, metavar="N", help="PDF worker processes (default: one per core)")
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="make the PDFs on a Dask cluster (tcp://host:8786; needs the [cluster] extra)",
    )
    build.add_argument(
        "--no-pdf", dest="pdfs", action="store_false", help="make no PDFs: a quick preview whose pages offer none"
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="what renders the HTML: mkdocs (default) or zensical (experimental)",
    )
    press = sub.add_parser(
        "print",
        parents=[common],
        help="write the print pack into print/: PDF/X-4 for a press, booklets, job tickets, counter posters",
        description="Write the print pack beside the site (never published with it): every guide (A4), handbook "
        "(A5, and imposed for saddle stitching on A4 sheets), form to print (A4) and counter poster (A4 and A3) as "
        "PDF/X-4 for a one-colour black press with 3 mm bleed, with a job ticket for each file and one for the pack "
        "(HTML and JSON). See docs/print.md.",
    )
    press.add_argument("--out", type=Path, metavar="DIR", help="write the pack here instead of DIR/print")
    press.add_argument("--zip", action="store_true", help="also zip the pack per agency, into zip/")
    press.add_argument("--jobs", type=int, metavar="N", help="PDF worker processes (default: one per core)")
    serve = sub.add_parser("serve", parents=[common], help="live preview on localhost: follows every edit")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-pdf", dest="pdfs", action="store_false", help="make no PDFs in the background: pages only")
    serve.add_argument("--engine", choices=ENGINES, default="mkdocs", help="what renders the HTML, as for build")
    new = sub.add_parser("new", parents=[common], help="write a new record skeleton to fill in")
    new.add_argument("kind", choices=["procedure", "form", "journey"])
    new.add_argument("name", help='procedure or life event title ("Đăng ký thường trú", "Sinh con") or form id (CT01)')
    new.add_argument("--folder", default="", help="sub-folder of procedures/ (e.g. cu-tru)")
    national = sub.add_parser(
        "import", parents=[common], help="bring national procedure records in; --check: list what differs from them"
    )
    national.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="SOURCE",
        help="national files (.json, .html, .xlsx) or folders of them",
    )
    national.add_argument("--levels", metavar="LEVELS", help="keep these levels only: bo, tinh, xa, with commas")
    national.add_argument("--dry-run", action="store_true", help="write nothing; say what would change")
    national.add_argument(
        "--check", action="store_true", help="write nothing; list each field that differs; exit 1 if any does"
    )
    schema = sub.add_parser("schema", parents=[common], help="print the JSON Schema of records")
    schema.add_argument("kind", nargs="?", choices=["procedure", "form", "journey"], default="procedure")
    schema.add_argument("--markdown", action="store_true", help="print the record format documentation instead")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s", stream=sys.stderr)
    project: Path = args.project
    if not project.is_dir():
        print(f"catalogue: {project} is not a folder", file=sys.stderr)
        return 2
    try:
        return _run(args, project)
    except CatalogueError as error:
        report(error)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace, project: Path) -> int:
    from generator.build import BuildOptions, build, check

    if args.command == "check":
        catalogue = check(project)
        print(f"OK: {len(catalogue.procedures)} procedures published, {len(catalogue.forms)} forms.")
    elif args.command == "build":
        options = BuildOptions(
            paper=args.paper,
            bleed=args.bleed,
            workers=args.jobs,
            progress=sys.stderr,
            pdfs=args.pdfs,
            engine=args.engine,
            scheduler=args.scheduler,
        )
        done = build(project, site_dir=args.site_dir, options=options)
        where = args.site_dir or project / SITE_DIR
        print(
            f"Built {done.pages} pages ({done.procedures} procedures, {done.forms} forms) and "
            f"{done.pdfs} PDFs ({done.pdfs_rendered} rendered; PDF stage {done.pdf_seconds:.1f} s) "
            f"into {where} in {done.seconds:.1f} s."
        )
        log.info("Stages: %s", done.stages_text())
        log.info("Peak memory by the end of each stage: %s", done.peaks_text())
    elif args.command == "print":
        logging.getLogger("pikepdf").setLevel(logging.WARNING)  # its logger bridge announces itself at INFO
        from generator.pack import PackOptions, make_pack

        made = make_pack(project, PackOptions(out=args.out, zip=args.zip, workers=args.jobs))
        print(
            f"Wrote the print pack: {len(made.tickets)} files ({made.rendered} PDFs rendered) into {made.out} "
            f"in {made.seconds:.1f} s; job tickets: {made.out / 'phieu-in.html'}."
        )
    elif args.command == "serve":
        from generator.cli.serve import serve

        serve(project, args.port, pdfs=args.pdfs, engine=args.engine)
    elif args.command == "new":
        from generator.cli.new import write_skeleton

        path = write_skeleton(project, args.kind, args.name, args.folder)
        print(f"Wrote {path}; fill it in, then run: catalogue check")
    elif args.command == "import":
        return _import(args, project)
    elif args.command == "schema":
        from generator.model.schema import format_markdown, json_schemas

        if args.markdown:
            sys.stdout.write(format_markdown())
        else:
            print(json.dumps(json_schemas()[args.kind], ensure_ascii=False, indent=2))
    return 0


def _import(args: argparse.Namespace, project: Path) -> int:
    from generator.national.importer import AgencyError, Options, drift_lines, parse_levels, run, summary_lines

    levels = parse_levels(args.levels) if args.levels else None
    options = Options(levels=levels, dry_run=args.dry_run, check=args.check)
    try:
        report = run(project, args.sources, options)
    except AgencyError as error:
        report_problems(error)
        print(error.lines, file=sys.stderr)
        return 1
    if args.check:
        lines = list(drift_lines(report))
        for line in lines:
            print(line)
        print(
            f"{len(report.drifted)} of {len(report.outcomes)} procedures differ from the national records."
            if lines
            else f"All {len(report.outcomes)} procedures match the national records."
        )
        return 1 if lines else 0
    for line in summary_lines(report, options):
        print(line)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
