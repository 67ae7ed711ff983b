"""Real corpora: every problem of a batch listed, --skip-invalid, hidden and odd files, the formats
analysts use (Markdown, HTML, JSON arrays, standard input) and the dates they carry."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write

from borderwatch import settings, store
from borderwatch.cli import cli
from borderwatch.errors import BatchError, InputError
from borderwatch.ingest import parse_published, read_articles, read_batch

GOOD = "Shelling hit Landi Kotal\n\nShelling hit Landi Kotal on Monday.\n"


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_every_problem_of_a_batch_is_listed_and_nothing_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD)
    write(folder / "empty.txt", "")
    write(folder / "feed.jsonl", '{"id": "j1", "text": "ok"}\n{"id": "j2"}\n{"id": "j3", "text": \n')
    db = tmp_path / "s.gpkg"
    done = invoke("ingest", str(folder), "--db", str(db))
    assert done.exit_code == 1
    assert "3 inputs are not valid articles; nothing was stored" in done.output
    for line in (f"{folder / 'empty.txt'}: empty file", f"{folder / 'feed.jsonl'}:2: article has no 'text' field",
                 f"{folder / 'feed.jsonl'}:3: invalid JSON"):  # fmt: skip
        assert line in done.output
    assert "Traceback" not in done.output
    assert not db.exists()
    with pytest.raises(BatchError) as info:
        read_articles([folder])
    assert len(info.value.problems) == 3


def test_skip_invalid_stores_the_good_lists_the_bad_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD)
    write(folder / "bad.txt", b"\x00\x01binary")
    write(folder / "feed.jsonl", '{"id": "j1", "text": "Torkham was closed."}\n{"id": "j2"}\n')
    db = tmp_path / "s.gpkg"
    done = invoke("ingest", str(folder), "--db", str(db), "--skip-invalid")
    assert done.exit_code == 1
    assert "2 added, 0 replaced, 0 unchanged" in done.output
    assert "left out 2 invalid inputs:" in done.output
    assert f"{folder / 'bad.txt'}: binary file" in done.output
    assert f"{folder / 'feed.jsonl'}:2: article has no 'text' field" in done.output
    with store.open_store(db, create=False, readonly=True) as st:
        assert [a.id for a in store.stored_articles(st)] == ["a", "j1"]


def test_hidden_files_are_ignored_extensions_any_case_and_other_files_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "A.TXT", GOOD)
    write(folder / "._A.TXT", b"\x00\x05\x16\x07AppleDouble")  # macOS resource fork
    write(folder / ".draft.txt", "Draft\nnot for the store")
    write(folder / ".git" / "notes.txt", "Git\nnot an article")
    write(folder / "scan.pdf", b"%PDF-1.4")
    batch = read_batch([folder])
    assert [a.id for a in batch.articles] == ["A"]
    assert batch.problems == []
    assert batch.skipped == [(folder / "scan.pdf", "not an article file (.pdf)")]
    done = invoke("ingest", str(folder), "--db", str(tmp_path / "s.gpkg"))
    assert done.exit_code == 0, done.output
    assert f"skipped {folder / 'scan.pdf'}: not an article file (.pdf)" in done.output


def test_markdown_json_array_and_standard_input(tmp_path: Path) -> None:
    md = write(tmp_path / "note.md", "---\ndate: 2023-02-20\n---\n# Torkham shut\n\nThe crossing closed on Monday.\n")
    items = [{"id": "x1", "text": "Torkham reopened.", "published": "2023-02-25"}, {"id": "x2", "text": "More."}]
    array = write(tmp_path / "items.json", json.dumps(items))
    [note] = read_articles([md])
    assert (note.id, note.title, note.published) == ("note", "Torkham shut", date(2023, 2, 20))
    assert [(a.id, a.published) for a in read_articles([array])] == [("x1", date(2023, 2, 25)), ("x2", None)]
    bad = write(tmp_path / "bad.json", json.dumps([{"id": "ok", "text": "fine"}, {"id": "no"}]))
    with pytest.raises(InputError, match=r"bad.json: item 2: article has no 'text' field"):
        read_articles([bad])
    lines = "\n".join(json.dumps({"id": f"s{i}", "text": f"Report {i}."}) for i in range(3))
    batch = read_batch(["-"], stdin=lambda: lines)
    assert [a.id for a in batch.articles] == ["s0", "s1", "s2"]
    assert batch.articles[1].source == "<stdin>:2"
    db = tmp_path / "s.gpkg"
    done = invoke("ingest", "-", "--db", str(db), input=lines + "\n")
    assert done.exit_code == 0, done.output
    assert "3 added" in done.output


def test_html_page_gives_text_title_date_and_outlet(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Blast hits Quetta - Example Daily</title>"
        "<meta property='og:site_name' content='Example Daily'>"
        "<meta property='article:published_time' content='2023-02-21T22:30:00+05:00'>"
        "<link rel='canonical' href='https://example.org/news/1'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Blast hits Quetta</h1>"
        "<p>A blast hit a police post in Quetta on Tuesday, killing two constables, officials said.</p>"
        "<p>Police said an investigation was under way into how the explosives reached the post.</p>"
        "</article><footer>Copyright Example Daily</footer></body></html>"
    )
    [article] = read_articles([write(tmp_path / "page.HTML", page)])
    assert article.title == "Blast hits Quetta"
    assert (article.published, article.outlet, article.url) == (
        date(2023, 2, 21),
        "Example Daily",
        "https://example.org/news/1",
    )
    assert "killing two constables" in article.text
    assert "Home | World" not in article.text and "<p>" not in article.text


@pytest.mark.parametrize(
    ("first_line", "published"),
    [
        ("date: 31 July 2023", date(2023, 7, 31)),
        ("date 31 July 2023", date(2023, 7, 31)),
        ("Date: July 31, 2023", date(2023, 7, 31)),
        ("published: Wed, 22 Feb 2023 23:30:00 +0500", date(2023, 2, 22)),  # RSS; the source's own day
        ("published Wed, 22 Feb 2023 23:30:00 +0500", date(2023, 2, 22)),  # RSS without the colon
        ("date 22 Feb 2023 10:15 GMT", date(2023, 2, 22)),
        ("published: 2023-02-22T23:30:00-05:00", date(2023, 2, 22)),  # not the UTC day (the 23rd)
        ("date: 22 Feb 2023", date(2023, 2, 22)),
        ("date 2023-02-22", date(2023, 2, 22)),
    ],
)
def test_metadata_lines_with_or_without_colon_and_common_date_forms(
    tmp_path: Path, first_line: str, published: date
) -> None:
    [article] = read_articles([write(tmp_path / "a.txt", f"{first_line}\noutlet: Dawn\nTitle\nBody.\n")])
    assert (article.published, article.outlet, article.title) == (published, "Dawn", "Title")


@pytest.mark.parametrize(
    ("value", "problem"), [("02/03/2023", "ambiguous"), ("22 Feb", "gives no year"), ("soon 2023 maybe", "not a date")]
)
def test_unclear_dates_are_refused(value: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        parse_published(value, "x.txt")


def test_an_article_above_the_size_limit_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "MAX_ARTICLE_CHARS", 1000)
    big = write(tmp_path / "big.txt", "Big\n" + "Shelling hit Landi Kotal. " * 100)
    with pytest.raises(InputError, match=r"big.txt: article of 2,604 characters; the most borderwatch reads is 1,000"):
        read_articles([big])
    line = json.dumps({"id": "b", "text": "x" * 2000})
    with pytest.raises(InputError, match=r"big.jsonl:1: article of 2,000 characters"):
        read_articles([write(tmp_path / "big.jsonl", line + "\n")])
