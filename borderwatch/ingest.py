"""Read .txt and .jsonl files into Articles, refusing bad input with a one-line reason."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from borderwatch.errors import InputError
from borderwatch.model import Article, content_hash

ARTICLE_SUFFIXES = (".txt", ".jsonl")

# Leading metadata of a .txt file: `date 2023-02-22` (the rest of the line may be text, as in
# seed 002), `date: 2023-02-22`, `url: https://…`, `outlet: Dawn`.
_META_LINE = re.compile(
    r"\A[ \t]*(?:"
    r"(?P<date_key>date|published)[ \t]*:?[ \t]+(?P<date>\d{4}-\d{2}-\d{2})\b"
    r"|(?P<url_key>url)[ \t]*:?[ \t]+(?P<url>https?://\S+)"
    r"|(?P<outlet_key>outlet)[ \t]*:[ \t]*(?P<outlet>[^\n]+)"
    r")[ \t]*\n?",
    re.IGNORECASE,
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_UPDATED_LINE = re.compile(
    r"^[ \t]*(?:Updated|Published)[ \t]+(?P<when>\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})",
    re.MULTILINE,
)
_JSONL_FIELDS = ("id", "url", "outlet", "published", "title", "text")


def read_articles(paths: Iterable[str | Path], *, updated_as_published: bool = False) -> list[Article]:
    """Read every article under ``paths``, validating all of them before returning.

    Parameters
    ----------
    paths
        Files (``.txt``: one article; ``.jsonl``: one article per line) and directories,
        walked recursively in sorted order.
    updated_as_published
        Take an ``Updated 22 February 2023`` line in a text as its publication date when the
        file gives none. Off by default: such lines are often edits long after publication.

    Returns
    -------
    list of Article, in input order, each id once (an exact repeat is dropped).

    Raises
    ------
    InputError
        On the first file or line that is not a valid article; nothing is returned then.
    """
    articles: dict[str, Article] = {}
    for path in _article_files(paths):
        for article in _read_file(path, updated_as_published=updated_as_published):
            seen = articles.get(article.id)
            if seen is not None and seen.text != article.text:
                msg = f"article id {article.id!r} is also used by {seen.source} with another text"
                raise InputError(article.source, msg)
            articles.setdefault(article.id, article)
    return list(articles.values())


def _article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    given = [Path(p) for p in paths]
    if not given:
        msg = "no input paths given"
        raise InputError(".", msg)
    for path in given:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
            if not files:
                msg = f"directory holds no articles (no {' or '.join(ARTICLE_SUFFIXES)} files)"
                raise InputError(path, msg)
            yield from files
        elif path.is_file():
            if path.suffix not in ARTICLE_SUFFIXES:
                msg = f"unsupported file type {path.suffix!r}; expected .txt or .jsonl"
                raise InputError(path, msg)
            yield path
        else:
            raise InputError(path, "no such file or directory")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError(path, "binary file, expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        msg = f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        raise InputError(path, msg) from None
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def _read_file(path: Path, *, updated_as_published: bool) -> Iterator[Article]:
    text = _decode(path)
    if path.suffix == ".jsonl":
        yield from _read_jsonl(path, text)
    else:
        yield article_from_text(text, source=str(path), default_id=path.stem, updated_as_published=updated_as_published)


def article_from_text(
    text: str,
    *,
    source: str,
    default_id: str,
    updated_as_published: bool = False,
) -> Article:
    """Build an Article from the text of a ``.txt`` file, reading its leading metadata.

    The Article's text is ``text`` unchanged, metadata included, so that character offsets
    index the file as decoded.
    """
    meta: dict[str, str] = {}
    body = text
    front = _FRONT_MATTER.match(body)
    if front:
        for line in front.group("body").splitlines():
            key, sep, value = line.partition(":")
            if sep and value.strip():
                meta[key.strip().lower()] = value.strip().strip("\"'")
        body = body[front.end() :]
    while match := _META_LINE.match(body):
        for key in ("date", "url", "outlet"):
            if match.group(key):
                meta.setdefault(key, match.group(key).strip())
        body = body[match.end() :]
    if not body.strip():
        raise InputError(source, "article has empty text")
    title = next(line.strip() for line in body.splitlines() if line.strip())
    published_raw = meta.pop("date", None) or meta.pop("published", None)
    published = _parse_published(published_raw, source) if published_raw else None
    if published is None and updated_as_published:
        published = _updated_date(body)
    return Article(
        id=meta.pop("id", default_id),
        text=text,
        title=meta.pop("title", title),
        source=source,
        url=meta.pop("url", None),
        outlet=meta.pop("outlet", None),
        published=published,
        metadata=meta,
        body_start=len(text) - len(body),
    )


def _read_jsonl(path: Path, text: str) -> Iterator[Article]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(path, f"invalid JSON ({e.msg} at column {e.colno})", line=number) from None
        if not isinstance(obj, dict):
            raise InputError(path, f"expected a JSON object, got {type(obj).__name__}", line=number)
        yield _article_from_json(obj, path, number)


def _article_from_json(obj: dict[str, Any], path: Path, number: int) -> Article:
    source = f"{path}:{number}"
    body = obj.get("text")
    if body is None:
        raise InputError(path, "article has no 'text' field", line=number)
    if not isinstance(body, str):
        raise InputError(path, f"'text' must be a string, got {type(body).__name__}", line=number)
    if not body.strip():
        raise InputError(path, "article has empty text", line=number)
    raw_id = obj.get("id")
    article_id = str(raw_id) if raw_id not in (None, "") else content_hash(body)[:16]
    published_raw = obj.get("published")
    published = None
    if published_raw not in (None, ""):
        if not isinstance(published_raw, str):
            raise InputError(path, f"'published' must be a date string, got {published_raw!r}", line=number)
        published = _parse_published(published_raw, path, number)
    title = obj.get("title") or next(line.strip() for line in body.splitlines() if line.strip())
    return Article(
        id=article_id,
        text=body,
        title=str(title),
        source=source,
        url=obj.get("url") or None,
        outlet=obj.get("outlet") or None,
        published=published,
        metadata={k: v for k, v in obj.items() if k not in _JSONL_FIELDS},
    )


def _parse_published(value: str, path: Path | str, line: int | None = None) -> date:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        msg = f"publication date {value!r} is not an ISO date (YYYY-MM-DD)"
        raise InputError(path, msg, line=line) from None


def _updated_date(body: str) -> date | None:
    match = _UPDATED_LINE.search(body)
    if not match:
        return None
    for fmt in ("%d %B %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(match.group("when"), fmt).date()
        except ValueError:
            continue
    return None
