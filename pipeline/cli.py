"""The `newsx` command: a thin layer over the stage entry functions."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from pipeline.version import __version__


def _add_rules_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", default=[], metavar="DIR",
                   help="a user rules directory layered over the built-in rules (repeatable; also NEWSX_RULES)")


def cmd_run(args) -> int:
    """Exit status: 0 every article ok, 1 some failed (listed in errors.csv) or the files could
    not be written, 2 usage, rule or state errors (and inputs gone that need --prune), 130 interrupted."""
    from pipeline.batch.output import ExportFailed
    from pipeline.batch.run import LOG_NAME, OutputBusy, OutputUnwritable, run
    from pipeline.batch.store import StoreDamaged

    if args.executor == "dask" and not args.scheduler:
        print("newsx run: --executor dask needs --scheduler ADDRESS (tcp://host:8786)", file=sys.stderr)
        return 2
    # The run loads the rules, and checks them (builds the extractors) before the first article
    # it has to process: a run that finds nothing new imports neither spaCy nor the models.
    try:
        summary = run(args.input, args.output, rule_dirs=args.rules, workers=args.workers, force=args.force,
                      executor=args.executor, scheduler=args.scheduler, progress=not args.quiet,
                      ship_inputs=args.ship_inputs, article_timeout=args.article_timeout or None,
                      max_input_mb=args.max_input_mb or None, prune=args.prune, rebuild=args.rebuild)
    except (OutputBusy, FileNotFoundError, StoreDamaged) as e:
        print(f"newsx run: {e}", file=sys.stderr)
        return 2
    except (ExportFailed, OutputUnwritable) as e:
        print(f"newsx run: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsx run: interrupted while writing the output files: the previous files are unchanged; "
              "run the same command again to write them", file=sys.stderr)
        return 130
    out = Path(args.output)
    state = "interrupted" if summary.interrupted else "done"
    print(f"{state}: {summary.processed} processed, {summary.skipped} skipped (unchanged), "
          f"{summary.failed} failed, {summary.removed} removed from input; "
          f"{f'{summary.executor} x{summary.workers}, ' if summary.workers else ''}{summary.seconds:.1f}s "
          f"-> {args.output}")
    if summary.replaced_rules:
        print(replaced_rules_line(summary.replaced_rules))
    for article_id, stage, message in summary.errors[:20]:
        print(f"  error {article_id} ({stage}): {message}", file=sys.stderr)
    if summary.failed_total:
        earlier = summary.failed_total - summary.failed - summary.unreadable_folders
        earlier_note = f" ({earlier} from earlier runs)" if earlier > 0 else ""
        print(f"newsx run: {summary.failed_total} article(s) failed{earlier_note}: list in {out / 'errors.csv'}; "
              f"tracebacks in {out / LOG_NAME}", file=sys.stderr)
    if summary.not_pruned:
        print(f"newsx run: the input files of {summary.not_pruned} article(s) are gone from {args.input}, more "
              f"than half of {args.output}: kept in the output (a moved, emptied or unmounted folder?). "
              "If they were deleted on purpose, run again with --prune to drop them.", file=sys.stderr)
    if summary.interrupted:
        return 130
    if summary.not_pruned:
        return 2
    return 1 if summary.failed_total else 0


def replaced_rules_line(replaced: list[tuple[str, str]]) -> str:
    """The built-in rules a user rules folder replaces (same id), and where the replacing rule is."""
    return "replaced built-in rules: " + ", ".join(f"{rule_id} (from {where})" for rule_id, where in replaced)


def _workers(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("--workers must be at least 1")
    return n


def _seconds(value: str) -> float:
    n = float(value)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def cmd_rules_test(args) -> int:
    from collections import Counter

    from pipeline.extractors import load_rules
    from pipeline.review.rule_examples import run_all_examples, run_file_examples

    if args.files:
        missing = [f for f in args.files if not Path(f).is_file()]
        if missing:
            print(f"newsx rules test: no such rule file: {', '.join(missing)}", file=sys.stderr)
            return 2
        # Every rule file is still loaded and validated (layers and lexicons span files); the
        # extractors are built only if one of the files holds extraction rules.
        rules = load_rules(args.rules, checked=False)
        results = run_file_examples(rules, args.files)
        if not results:
            print(f"newsx rules test: no examples in {', '.join(args.files)} (a rule file of the loaded layers?)",
                  file=sys.stderr)
            return 2
    else:
        rules = load_rules(args.rules)
        results = run_all_examples(rules)
    passed, failed = Counter(), Counter()
    for r in results:
        (passed if r.passed else failed)[r.file] += 1
    files = sorted(set(passed) | set(failed))
    width = max((len(f) for f in files), default=10)
    print(f"{'rule file':<{width}}  {'passed':>6}  {'failed':>6}")
    for f in files:
        print(f"{f:<{width}}  {passed[f]:>6}  {failed[f]:>6}")
    for r in results:
        if args.verbose or not r.passed:
            print(f"{'PASS' if r.passed else 'FAIL'}  {r.rule_id}  {r.where}  {r.text[:40]}")
            if not r.passed:
                print(f"      {r.diff}")
    n_failed = sum(failed.values())
    print(f"{len(results) - n_failed} passed, {n_failed} failed")
    if rules.replaced:
        print(replaced_rules_line(rules.replaced))
    return 1 if n_failed else 0


def cmd_rules_stats(args) -> int:
    from pipeline.extractors import load_rules
    from pipeline.rules.stats import rule_stats

    counts, dead = rule_stats(args.extracted, load_rules(args.rules))
    print(f"{'records':>8}  rule")
    for rule_id, n in counts.most_common():
        print(f"{n:>8}  {rule_id}")
    for rule_id in dead:
        print(f"{0:>8}  {rule_id}  (no records: dead, or not needed by these articles)")
    return 0


def cmd_explain(args) -> int:
    from pipeline.extractors import load_rules
    from pipeline.review.explain import explain_text

    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.text
    if text is None:
        print("newsx explain: give a text or --file", file=sys.stderr)
        return 2
    print(explain_text(text, args.published, load_rules(args.rules)))
    return 0


def cmd_scrape(args) -> int:
    from pipeline.acquire.scrape import read_url_file, scrape

    urls = list(args.urls)
    for path in args.from_file:
        urls += read_url_file(path)
    if not urls and not args.list:
        print("newsx scrape: give URLs, --from-file FILE or --list URL", file=sys.stderr)
        return 2
    summary = scrape(urls, args.output, list_url=args.list, max_articles=args.max, refresh=args.refresh,
                     delay=args.delay, timeout=args.timeout, retries=args.retries, user_agent=args.user_agent,
                     max_bytes=int(args.max_mb * 1024 * 1024), follow_hosts=args.follow_hosts,
                     allow_private=args.allow_private)
    print(summary.report())
    return summary.exit_code


def cmd_review(args) -> int:
    from pipeline.review.page import build_review

    if not (Path(args.extracted) / "articles.jsonl").exists():
        print(f"newsx review: {args.extracted}/articles.jsonl not found (run `newsx run` first)", file=sys.stderr)
        return 2
    s = build_review(args.extracted, args.output)
    counts = ", ".join(f"{n} {kind}" for kind, n in s.records.items())
    print(f"{s.articles} articles ({s.errors} errors), {counts} -> {s.path}")
    return 0


def cmd_dossier(args) -> int:
    from pipeline.review.dossier import NoSuchCluster, build_dossier

    if not (Path(args.extracted) / "articles.jsonl").exists():
        print(f"newsx dossier: {args.extracted}/articles.jsonl not found (run `newsx run` first)", file=sys.stderr)
        return 2
    try:
        s = build_dossier(args.extracted, args.output, cluster=args.cluster, review_href=args.review)
    except NoSuchCluster as e:
        print(f"newsx dossier: {e}", file=sys.stderr)
        return 2
    print(f"{s.clusters} clusters, {s.facts} linked figures and quotes -> {s.path}")
    return 0


def cmd_eval(args) -> int:
    from pipeline.review.evaluate import EvalError, evaluate, make_gold

    if bool(args.gold) == bool(args.make_gold):
        print("newsx eval: give either --gold DIR (score) or --make-gold MARKS_CSV (write gold)", file=sys.stderr)
        return 2
    try:
        if args.make_gold:
            written = make_gold(args.make_gold, args.extracted, args.output)
            print(f"{len(written)} gold files -> {args.output}")
        else:
            print(evaluate(args.gold, args.extracted, args.details, args.json))
    except EvalError as e:
        print(f"newsx eval: {e}", file=sys.stderr)
        return 2
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsx",
                                     description="Chinese news extraction: clusters, figures, dates, quotes.")
    parser.add_argument("--version", action="version", version=f"newsx {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="clean and extract every page under INPUT_DIR into OUT_DIR")
    p.add_argument("input", nargs="?", default="raw_articles", help="input folder (default raw_articles/)")
    p.add_argument("-o", "--output", default="extracted", help="output folder (default extracted/)")
    _add_rules_option(p)
    p.add_argument("--workers", type=_workers, default=None,
                   help="worker processes (default: one per core); 1 runs in this process")
    p.add_argument("--force", action="store_true", help="reprocess every article, changed or not")
    p.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="local processes (default) or a Dask distributed cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--ship-inputs", action="store_true",
                   help="Dask: send the pages with the tasks (for workers that cannot read INPUT_DIR at the same path)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or progress lines")
    p.add_argument("--article-timeout", type=_seconds, default=30.0, metavar="SECONDS",
                   help="wall-clock budget per article; past it the article is an error row, stage timeout "
                        "(default 30; 0: none)")
    p.add_argument("--max-input-mb", type=_seconds, default=50.0, metavar="MB",
                   help="inputs larger than this are error rows, never read (default 50; 0: no limit)")
    p.add_argument("--prune", action="store_true",
                   help="drop the articles whose input files are gone even when that is more than half of the output")
    p.add_argument("--rebuild", action="store_true",
                   help="start the run state (newsx.sqlite) afresh from the inputs, e.g. when it is damaged; "
                        "the previous CSV files stay until the run finishes")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("rules", help="check and measure the rules")
    rules_sub = p.add_subparsers(dest="rules_command", required=True)
    q = rules_sub.add_parser("test", help="run every rule's examples")
    q.add_argument("files", nargs="*", metavar="FILE", help="only the examples of these rule files")
    q.add_argument("-v", "--verbose", action="store_true", help="list passing examples too")
    _add_rules_option(q)
    q.set_defaults(func=cmd_rules_test)
    q = rules_sub.add_parser("stats", help="records per rule in an output folder")
    q.add_argument("extracted", nargs="?", default="extracted")
    _add_rules_option(q)
    q.set_defaults(func=cmd_rules_stats)

    p = sub.add_parser("explain", help="show sentences, tokens, entities and records for a text")
    p.add_argument("text", nargs="?")
    p.add_argument("--file", help="read the text from a UTF-8 file")
    p.add_argument("--published", help="publication date (ISO) for dates without a year")
    _add_rules_option(p)
    p.set_defaults(func=cmd_explain)

    # --- scrape (pipeline/scrape.py) ---
    p = sub.add_parser("scrape", help="fetch news pages into raw_articles/ (robots.txt, per-host delay, retries)")
    p.add_argument("urls", nargs="*", metavar="URL", help="article URLs to fetch")
    p.add_argument("--from-file", action="append", default=[], metavar="FILE",
                   help="read URLs from a file, one per line (# comments)")
    p.add_argument("--list", action="append", default=[], metavar="URL",
                   help="a channel/list page: fetch the article links on it (patterns: rules/scrape.yaml)")
    p.add_argument("--max", type=int, metavar="N", help="handle at most N article URLs")
    p.add_argument("-o", "--output", default="raw_articles", help="output folder (default raw_articles/)")
    p.add_argument("--refresh", action="store_true", help="fetch saved pages again (rewritten only if changed)")
    p.add_argument("--delay", type=float, default=1.0,
                   help="seconds between requests to one host (default 1; a longer robots.txt Crawl-delay wins)")
    p.add_argument("--timeout", type=float, default=15.0,
                   help="seconds for each request, from connecting to the last byte (default 15)")
    p.add_argument("--retries", type=int, default=3, help="retries on connection errors, 429 and 5xx (default 3)")
    p.add_argument("--max-mb", type=float, default=20.0, help="refuse pages larger than this (default 20 MB)")
    p.add_argument("--user-agent", help="User-Agent header (default newsx/<version> with a contact URL)")
    p.add_argument("--follow-hosts", action="store_true",
                   help="follow list links and redirects to other hosts (default: stay on the page's host)")
    p.add_argument("--allow-private", action="store_true",
                   help="fetch loopback and private addresses too (default: public addresses only)")
    p.set_defaults(func=cmd_scrape)

    # --- review, eval (pipeline/review.py, pipeline/evaluate.py) ---
    p = sub.add_parser("review", help="write one self-contained HTML page to review the records of an output folder")
    p.add_argument("extracted", nargs="?", default="extracted",
                   help="output folder of `newsx run` (default extracted/)")
    p.add_argument("-o", "--output", default="review.html", help="the HTML file to write (default review.html)")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("dossier", help="write one self-contained HTML page of what the articles say about each cluster")
    p.add_argument("extracted", nargs="?", default="extracted",
                   help="output folder of `newsx run` (default extracted/)")
    p.add_argument("-o", "--output", default="dossiers.html", help="the HTML file to write (default dossiers.html)")
    p.add_argument("--cluster", metavar="NAME",
                   help="only this cluster (a canonical name, a name as written, or part of one)")
    p.add_argument("--review", default="review.html", metavar="HREF",
                   help="where the review page is, relative to the dossier page (default review.html)")
    p.set_defaults(func=cmd_dossier)

    p = sub.add_parser("eval", help="precision/recall/F1 against gold annotations; or review marks -> gold")
    p.add_argument("extracted", nargs="?", default="extracted",
                   help="output folder of `newsx run` (default extracted/)")
    p.add_argument("--gold", metavar="DIR", help="folder of *.gold.json files to score against")
    p.add_argument("--details", action="store_true", help="print misses and extras per article")
    p.add_argument("--json", metavar="FILE", help="also write the scores as JSON")
    p.add_argument("--make-gold", metavar="MARKS_CSV",
                   help="turn the review page's exported marks into gold JSON files")
    p.add_argument("-o", "--output", default="gold", help="with --make-gold: the folder to write (default gold/)")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("newsx: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (newsx rules stats | head): not an error. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as e:
        # Imported here: a command that reads no rule file (--help, review, eval) never loads the rules' code.
        from pipeline.rules import RuleError

        if not isinstance(e, RuleError):
            raise
        print(f"newsx: rule error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
