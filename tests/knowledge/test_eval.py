"""The labelled evaluation set of tests/data/kb (what `make eval` prints) meets its targets,
on whichever database the suite runs: MRR@10 ≥ 0.85 overall, ≥ 0.70 for paraphrase and
colloquial queries; and it beats substring search by far."""

from pathlib import Path

from bench.kb_eval import substring_search
from borikan.knowledge.evaluation import evaluate, read_queries
from borikan.knowledge.importer import import_articles
from borikan.knowledge.models import Article
from borikan.knowledge.selectors import article_search

DATA = Path(__file__).resolve().parent.parent / "data" / "kb"


def test_the_labelled_queries_meet_the_targets(db):
    report = import_articles(DATA / "articles.jsonl")
    assert report.errors == [] and report.created >= 60
    refs = dict(Article.objects.values_list("pk", "ref"))
    queries = read_queries(DATA / "queries.jsonl")
    assert len(queries) >= 150

    def search(query: str) -> list[str]:
        return [refs[h.article.pk] for h in article_search(query=query, public_only=False)]

    result = evaluate(queries, search)
    kinds = result["kinds"]
    assert set(kinds) == {"exact", "paraphrase", "colloquial", "typo", "mixed", "short"}
    assert result["overall"]["mrr@10"] >= 0.85, result["overall"]
    assert kinds["paraphrase"]["mrr@10"] >= 0.70, kinds["paraphrase"]
    assert kinds["colloquial"]["mrr@10"] >= 0.70, kinds["colloquial"]
    assert result["met"]
    substring = evaluate(queries, substring_search)
    assert substring["overall"]["mrr@10"] < 0.3
