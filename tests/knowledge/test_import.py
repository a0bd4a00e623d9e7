"""`borikan kb import` (JSON Lines, CSV, a folder of Markdown) and `borikan kb reindex`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from borikan.knowledge.importer import import_articles
from borikan.knowledge.models import Article
from borikan.knowledge.selectors import article_search


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("kb", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_lines_keep_the_id_as_reference_and_bad_lines_are_reported(db, tmp_path):
    path = tmp_path / "kb.jsonl"
    lines = [
        {"id": "A-1", "agency": "DBD", "title": "การจดทะเบียนห้างหุ้นส่วน", "body": "ยื่นที่สำนักงาน",
         "tags": ["ห้าง"]},
        "this is not JSON",
        {"id": "A-2", "agency": "NOPE", "title": "หน่วยงานผิด", "body": "", "tags": []},
        {"id": "A-3", "agency": "DIP", "title": "", "body": "ไม่มีชื่อเรื่อง", "tags": []},
        {"id": "A-4", "agency": "DIP", "title": "การจดสิทธิบัตร", "body": "<script>x</script>ok",
         "tags": "สิทธิบัตร, patent"},
    ]  # fmt: skip
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines),
        encoding="utf-8",
    )
    out, err = run("import", str(path))
    assert "2 created" in out and "3 refused" in out
    assert "line 2" in err and "line 3" in err and "line 4" in err
    assert "NOPE" in err
    assert set(Article.objects.values_list("ref", flat=True)) == {"A-1", "A-4"}
    assert Article.objects.get(ref="A-4").tags == ["สิทธิบัตร", "patent"]
    assert "<script" not in Article.objects.get(ref="A-4").body_html
    [hit] = article_search(query="ห้างหุ้นส่วน", public_only=True)
    assert hit.article.ref == "A-1"

    out, _err = run("import", str(path))  # again: nothing new, nothing lost
    assert "0 created" in out and "2 unchanged" in out
    assert Article.objects.count() == 2


def test_a_changed_record_updates_the_article_as_a_new_version(db, tmp_path):
    path = tmp_path / "kb.jsonl"
    record = {"id": "X-1", "agency": "DIT", "title": "ราคาไข่ไก่", "body": "แผงละ 120 บาท"}
    path.write_text(json.dumps(record), encoding="utf-8")
    import_articles(path)
    path.write_text(json.dumps({**record, "body": "แผงละ 125 บาท"}), encoding="utf-8")
    report = import_articles(path)
    assert (report.created, report.updated) == (0, 1)
    article = Article.objects.get(ref="X-1")
    assert (article.version, article.versions.count()) == (2, 2)


def test_csv_and_a_folder_of_markdown(db, tmp_path):
    csv_path = tmp_path / "kb.csv"
    csv_path.write_text(
        "id,agency,title,body,tags\n"
        'C-1,DFT,การขอหนังสือรับรองถิ่นกำเนิดสินค้า,"ยื่นผ่านระบบ, ออนไลน์",ส่งออก|form d\n',
        encoding="utf-8",
    )
    out, _ = run("import", str(csv_path))
    assert "1 created" in out
    assert Article.objects.get(ref="C-1").tags == ["ส่งออก", "form d"]

    folder = tmp_path / "guides"
    (folder / "export").mkdir(parents=True)
    (folder / "export" / "rice.md").write_text(
        "---\nagency: DFT\ntags: ข้าว, ส่งออก\n---\n# การส่งออกข้าว\n\nต้อง**ขึ้นทะเบียน**ผู้ส่งออก",
        encoding="utf-8",
    )
    (folder / "faq.md").write_text("# คำถามที่พบบ่อย\n\nโทร 1203", encoding="utf-8")
    out, _ = run("import", str(folder), "--agency", "OPS")
    assert "2 created" in out
    rice = Article.objects.get(ref="export/rice")
    assert (rice.title, rice.agency.code, rice.tags) == ("การส่งออกข้าว", "DFT", ["ข้าว", "ส่งออก"])
    assert "<strong>ขึ้นทะเบียน</strong>" in rice.body_html
    assert Article.objects.get(ref="faq").agency.code == "OPS"


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("import", str(tmp_path / "missing.jsonl"))


def test_reindex_rebuilds_the_index_and_says_how_fast(kb):
    from borikan.search.services import search_clear

    search_clear(kind="article")  # e.g. a restored database without its index
    assert article_search(query="เครื่องหมายการค้า", public_only=True) == []
    out, _err = run("reindex", "--workers", "1")
    assert "Reindexed 5 published articles" in out
    assert article_search(query="เครื่องหมายการค้า", public_only=True)
