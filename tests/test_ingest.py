"""Reading .txt and .jsonl articles, and refusing bad input with one clear line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import write

from borderwatch.errors import InputError
from borderwatch.ingest import read_articles


def test_txt_title_is_first_non_empty_line_and_text_is_kept_whole(tmp_path: Path) -> None:
    text = "\n\nBorder crossing shut\n\nThe crossing at Torkham closed on Monday.\n"
    [article] = read_articles([write(tmp_path / "a1.txt", text)])
    assert article.id == "a1"
    assert article.title == "Border crossing shut"
    assert article.text == text  # offsets index the file as decoded
    assert article.published is None


def test_seed_002_leading_date_line_is_the_publication_date(seeds_dir: Path) -> None:
    [article] = read_articles([seeds_dir / "002_a4cb2d2772a32ed2.txt"])
    assert article.published == date(2023, 2, 22)
    assert article.title.startswith("Pakistan’s defense minister")
    assert article.text.startswith(" date 2023-02-22")
    assert article.text[article.body_start :].startswith("Pakistan’s defense minister")


def test_front_matter_gives_date_url_outlet(tmp_path: Path) -> None:
    text = "---\ndate: 2024-03-18\nurl: https://example.org/x\noutlet: Example Daily\n---\nTitle here\nBody.\n"
    [article] = read_articles([write(tmp_path / "fm.txt", text)])
    assert (article.published, article.url, article.outlet) == (
        date(2024, 3, 18),
        "https://example.org/x",
        "Example Daily",
    )
    assert article.title == "Title here"


def test_updated_line_is_not_the_publication_date_unless_asked(tmp_path: Path) -> None:
    path = write(tmp_path / "u.txt", "Some title\nUpdated 22 February 2023\nBody text.\n")
    assert read_articles([path])[0].published is None
    assert read_articles([path], updated_as_published=True)[0].published == date(2023, 2, 22)


def test_dateline_is_not_a_publication_date(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path / "d.txt", "PESHAWAR, March 3: Shops shut.\n")])
    assert article.published is None


def test_bom_is_tolerated(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path / "b.txt", "\ufeffTitle\nBody\n".encode())])
    assert article.text == "Title\nBody\n"


def test_jsonl_fields_and_unknown_keys_kept_as_metadata(tmp_path: Path) -> None:
    rows = [
        {
            "id": "x1",
            "url": "u",
            "outlet": "O",
            "published": "2023-09-06",
            "title": "T",
            "text": "Body one",
            "lang": "en",
        },
        {"id": 7, "published": None, "text": "Body two\nmore"},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    first, second = read_articles([path])
    assert (first.id, first.published, first.metadata) == ("x1", date(2023, 9, 6), {"lang": "en"})
    assert (second.id, second.published, second.title) == ("7", None, "Body two")
    assert second.source == f"{path}:2"


def test_directories_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "in" / "c.txt", "C\nbody")
    write(tmp_path / "in" / "sub" / "b.txt", "B\nbody")
    write(tmp_path / "in" / "a.jsonl", '{"id": "j1", "text": "J"}\n')
    write(tmp_path / "in" / "notes.pdf", "ignored")
    assert [a.id for a in read_articles([tmp_path / "in"])] == ["j1", "c", "b"]


def test_two_files_with_one_stem_and_different_texts_collide_loudly(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "A\nbody")
    write(tmp_path / "in" / "sub" / "a.txt", "A\nanother body")
    with pytest.raises(InputError, match="article id 'a' is also used by"):
        read_articles([tmp_path / "in"])


def test_exact_repeat_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "A\nbody")
    assert len(read_articles([path, path])) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "empty.txt: empty file"),
        ("blank.txt", "  \n\n", "blank.txt: empty file"),
        ("bin.txt", b"PK\x03\x04\x00\x00binary", "bin.txt: binary file, expected UTF-8 text"),
        ("latin.txt", "Peshawar caf\xe9".encode("latin-1"), "latin.txt: not UTF-8 text (byte 0xe9 at offset 12)"),
        ("bad.jsonl", '{"id": "1", "text": "ok"}\n{"id": 2, "text": \n', "bad.jsonl:2: invalid JSON"),
        ("notext.jsonl", '{"id": "1", "title": "no body"}\n', "notext.jsonl:1: article has no 'text' field"),
        ("emptytext.jsonl", '{"id": "1", "text": "   "}\n', "emptytext.jsonl:1: article has empty text"),
        ("list.jsonl", "[1, 2]\n", "list.jsonl:1: expected a JSON object, got list"),
        ("date.jsonl", '{"id": "1", "text": "x", "published": "22/02/2023"}\n', "date.jsonl:1: publication date"),
        ("onlymeta.txt", "date 2023-02-22\n\n", "onlymeta.txt: article has empty text"),
    ],
)
def test_bad_files_raise_one_line_naming_file(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as info:
        read_articles([path])
    assert str(info.value).startswith(str(tmp_path / message.split(":")[0]))
    assert message.split(": ", 1)[1] in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        read_articles([tmp_path / "nope.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="directory holds no articles"):
        read_articles([tmp_path / "empty"])


def test_same_id_with_other_text_in_one_batch_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"id": "1", "text": "one"}\n{"id": "1", "text": "two"}\n')
    with pytest.raises(InputError, match="article id '1' is also used"):
        read_articles([path])
