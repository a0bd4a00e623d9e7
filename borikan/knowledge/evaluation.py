"""Measuring search quality on labelled queries: recall@1, recall@5 and MRR@10 per kind.

The labelled set lives in tests/data/kb/ (written for this project); `make eval` runs it, and
a test holds the targets on both databases.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Targets of the knowledge-base issue: MRR@10 overall, and for the hard kinds.
TARGET_MRR = 0.85
TARGET_MRR_HARD = 0.70
HARD_KINDS = ("paraphrase", "colloquial")


@dataclass(frozen=True)
class LabelledQuery:
    query: str
    kind: str
    relevant: tuple[str, ...]


def read_queries(path: Path) -> list[LabelledQuery]:
    queries: list[LabelledQuery] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            queries.append(
                LabelledQuery(
                    query=item["query"], kind=item["kind"], relevant=tuple(item["relevant"])
                )
            )
    return queries


def _first_relevant_rank(found: list[str], relevant: Iterable[str]) -> int | None:
    wanted = set(relevant)
    for rank, ref in enumerate(found, start=1):
        if ref in wanted:
            return rank
    return None


def evaluate(queries: list[LabelledQuery], search: Callable[[str], list[str]]) -> dict[str, Any]:
    """Scores of a search function (query -> article refs, best first), per kind and overall."""
    per_kind: dict[str, list[int | None]] = defaultdict(list)
    misses: list[dict[str, Any]] = []
    for labelled in queries:
        found = search(labelled.query)[:10]
        rank = _first_relevant_rank(found, labelled.relevant)
        per_kind[labelled.kind].append(rank)
        if rank != 1:
            misses.append(
                {"query": labelled.query, "kind": labelled.kind, "rank": rank, "top": found[:3],
                 "relevant": list(labelled.relevant)}
            )  # fmt: skip

    def scores(ranks: list[int | None]) -> dict[str, float]:
        count = max(len(ranks), 1)
        return {
            "queries": len(ranks),
            "recall@1": round(sum(1 for r in ranks if r == 1) / count, 3),
            "recall@5": round(sum(1 for r in ranks if r is not None and r <= 5) / count, 3),
            "mrr@10": round(sum(1 / r for r in ranks if r is not None) / count, 3),
        }

    every = [rank for ranks in per_kind.values() for rank in ranks]
    result: dict[str, Any] = {
        "overall": scores(every),
        "kinds": {kind: scores(ranks) for kind, ranks in sorted(per_kind.items())},
        "misses": misses,
    }
    hard = [result["kinds"][k]["mrr@10"] for k in HARD_KINDS if k in result["kinds"]]
    result["met"] = result["overall"]["mrr@10"] >= TARGET_MRR and all(
        mrr >= TARGET_MRR_HARD for mrr in hard
    )
    return result


def table(result: dict[str, Any]) -> list[str]:
    """The scores as lines of a text table."""
    lines = [f"{'kind':<12} {'queries':>7} {'R@1':>6} {'R@5':>6} {'MRR@10':>7}"]
    rows = [*result["kinds"].items(), ("overall", result["overall"])]
    for kind, s in rows:
        lines.append(
            f"{kind:<12} {s['queries']:>7} {s['recall@1']:>6.3f} {s['recall@5']:>6.3f}"
            f" {s['mrr@10']:>7.3f}"
        )
    return lines
