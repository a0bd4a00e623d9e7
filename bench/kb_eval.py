"""`make eval`: the knowledge-base search on the labelled set in tests/data/kb/, beside the
substring search peers use (django-helpdesk's `icontains`), on a database of its own.

    python -m bench.kb_eval                 # SQLite in var/eval/
    EVAL_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/borikan_eval python -m bench.kb_eval
    python -m bench.kb_eval --misses        # also list the queries not answered first

Writes bench/results/kb_eval-<database>.json; exits 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import RESULTS, ensure_database

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "kb"
EVAL_VAR = ROOT / "var" / "eval"


def _setup() -> None:
    EVAL_VAR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("EVAL_DATABASE_URL")
    if not url:
        db = EVAL_VAR / "eval.sqlite3"
        for leftover in EVAL_VAR.glob("eval.sqlite3*"):
            leftover.unlink()
        url = f"sqlite:///{db}"
    if url.startswith(("postgres://", "postgresql://")):
        ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borikan.settings")
    os.environ.setdefault("BORIKAN_VAR_DIR", str(EVAL_VAR))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def load_articles() -> dict[int, str]:
    """Import the labelled articles (replacing any there); their ids by primary key."""
    from borikan.knowledge.importer import import_articles
    from borikan.knowledge.models import Article
    from borikan.search.services import search_clear

    Article.objects.all().delete()
    search_clear(kind="article")
    report = import_articles(DATA / "articles.jsonl")
    if report.errors:
        raise SystemExit("\n".join(report.errors))
    return {pk: ref or "" for pk, ref in Article.objects.values_list("pk", "ref")}


def substring_search(query: str) -> list[str]:
    """What django-helpdesk does: the whole query as a substring of title or body, unranked."""
    from django.db.models import Q

    from borikan.knowledge.models import Article

    query = query.strip()
    if not query:
        return []
    found = Article.objects.filter(Q(title__icontains=query) | Q(body__icontains=query))
    return [ref for ref in found.order_by("pk").values_list("ref", flat=True)[:10] if ref]


def run(*, show_misses: bool = False) -> dict[str, Any]:
    from django.db import connection

    from borikan.knowledge.evaluation import evaluate, read_queries, table
    from borikan.knowledge.selectors import article_search

    refs = load_articles()
    queries = read_queries(DATA / "queries.jsonl")

    def borikan_search(query: str) -> list[str]:
        hits = article_search(query=query, public_only=False, limit=10)
        return [refs[hit.article.pk] for hit in hits]

    report: dict[str, Any] = {"database": connection.vendor, "articles": len(refs)}
    for name, search in (("borikan", borikan_search), ("icontains", substring_search)):
        started = time.perf_counter()
        result = evaluate(queries, search)
        result["ms_per_query"] = round(1000 * (time.perf_counter() - started) / len(queries), 2)
        report[name] = result
        print(f"\n{name} ({result['ms_per_query']} ms a query)", file=sys.stderr)
        print("\n".join(table(result)), file=sys.stderr)
    if show_misses:
        for miss in report["borikan"]["misses"]:
            print(json.dumps(miss, ensure_ascii=False), file=sys.stderr)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kb_eval")
    parser.add_argument("--misses", action="store_true", help="list queries not answered first")
    parser.add_argument("--output", type=Path, help="write the JSON here instead")
    args = parser.parse_args(argv)
    _setup()
    report = run(show_misses=args.misses)
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = args.output or RESULTS / f"kb_eval-{report['database']}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = dict(report)
    for name in ("borikan", "icontains"):
        kept[name] = {k: v for k, v in report[name].items() if k != "misses"}
    target.write_text(json.dumps(kept, ensure_ascii=False, indent=2) + "\n")
    met = report["borikan"]["met"]
    print(
        f"\nTargets (MRR@10 ≥ 0.85 overall, ≥ 0.70 paraphrase and colloquial): "
        f"{'met' if met else 'NOT met'}. Written {target}.",
        file=sys.stderr,
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
