"""Read article files (text, Markdown, HTML, JSON, JSON Lines, standard input) into Articles,
listing every bad input with a one-line reason."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from borderwatch import settings
from borderwatch.errors import BatchError, InputError
from borderwatch.model import Article, content_hash

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", *JSON_LINES_SUFFIXES)
STDIN = "-"  # a path of "-" reads JSON Lines from standard input

_DATE_VALUE = (
    r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    # "22 Feb 2023", and RFC 2822 as in RSS: "Wed, 22 Feb 2023 23:30:00 +0500"
    r"|(?:[A-Za-z]{3},[ \t]*)?\d{1,2}[ \t]+[A-Za-z]{3,9}\.?,?[ \t]+\d{4}"
    r"(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*(?:[+-]\d{4}|GMT|UTC|UT|Z))?)?"
    r"|[A-Za-z]{3,9}\.?[ \t]+\d{1,2},?[ \t]+\d{4}"
)
# Leading metadata of a text file: `date 2023-02-22` (without a colon only a date, and the rest of
# the line may be text, as in seed 002), `date: 31 July 2023`, `published: Wed, 22 Feb 2023 10:00
# +0500`, `url https://…`, `outlet: Dawn`, `author: …`, `title: …`, `id: …`.
_META_LINE = re.compile(
    r"\A[ \t]*(?:"
    r"(?P<date_key>date|published)[ \t]*:[ \t]*(?P<date>[^\n]*\S)[ \t]*(?:\n|\Z)"
    rf"|(?P<date_key2>date|published)[ \t]+(?P<date2>{_DATE_VALUE})(?![\w:])[ \t]*\n?"
    r"|(?P<url_key>url|link)[ \t]*:?[ \t]+(?P<url>https?://\S+)[ \t]*(?:\n|\Z)"
    r"|(?P<key>outlet|source|author|title|id)[ \t]*:[ \t]*(?P<value>[^\n]*\S)[ \t]*(?:\n|\Z)"
    r"|(?-i:(?P<key2>outlet|source|author|id))[ \t]+(?P<value2>[^\n]*\S)[ \t]*(?:\n|\Z)"
    r")",
    re.IGNORECASE,
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_UPDATED_LINE = re.compile(
    r"^[ \t]*(?:Updated|Published)[ \t]+(?P<when>\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})",
    re.MULTILINE,
)
_NUMERIC_DATE = re.compile(r"\A\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_JSONL_FIELDS = ("id", "url", "outlet", "published", "title", "text")


@dataclass
class Batch:
    """What reading a batch gave: the articles, the bad inputs, and the files passed over."""

    articles: list[Article] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def read_articles(paths: Iterable[str | Path], *, updated_as_published: bool = False) -> list[Article]:
    """Read every article under ``paths``, validating all of them before returning.

    Parameters
    ----------
    paths
        Files and directories (walked recursively in sorted order, hidden files and folders and
        macOS ``._*`` files left out), or ``-`` for JSON Lines on standard input. See
        :func:`read_batch` for the formats.
    updated_as_published
        Take an ``Updated 22 February 2023`` line in a text as its publication date when the
        file gives none. Off by default: such lines are often edits long after publication.

    Returns
    -------
    list of Article, in input order, each id once (an exact repeat is dropped).

    Raises
    ------
    InputError
        When any file or line is not a valid article (``BatchError`` listing them all when there
        are several); nothing is returned then.
    """
    batch = read_batch(paths, updated_as_published=updated_as_published)
    raise_problems(batch)
    return batch.articles


def raise_problems(batch: Batch) -> None:
    """Raise the batch's one problem, or a ``BatchError`` listing all of them; nothing if none."""
    if len(batch.problems) == 1:
        raise batch.problems[0]
    if batch.problems:
        raise BatchError(batch.problems)


def read_batch(
    paths: Iterable[str | Path], *, updated_as_published: bool = False, stdin: Callable[[], str] | None = None
) -> Batch:
    """Read every article under ``paths``, collecting every problem instead of stopping at the first.

    Formats, by extension in any case: ``.txt``/``.text``/``.md``/``.markdown`` one article with
    optional leading metadata lines; ``.html``/``.htm`` one article, its text, title, date and
    outlet found by trafilatura; ``.json`` one article object or an array of them;
    ``.jsonl``/``.ndjson`` one object a line; ``-`` JSON Lines from standard input (``stdin``
    gives the text, for tests). Other files in a folder are passed over and listed in ``skipped``.
    """
    batch = Batch()
    articles: dict[str, Article] = {}
    for path in _article_files(paths, batch):
        try:
            found = list(_read_file(path, batch, updated_as_published=updated_as_published, stdin=stdin))
        except InputError as e:
            batch.problems.append(e)
            continue
        for article in found:
            seen = articles.get(article.id)
            if seen is not None and seen.text != article.text:
                msg = f"article id {article.id!r} is also used by {seen.source} with another text"
                batch.problems.append(InputError(article.source, msg))
                continue
            articles.setdefault(article.id, article)
    batch.articles = list(articles.values())
    return batch


def _hidden(name: str) -> bool:
    return name.startswith(".")  # dot files and folders, macOS ._* resource forks among them


def _article_files(paths: Iterable[str | Path], batch: Batch) -> Iterator[Path]:
    given = [Path(p) for p in paths]
    if not given:
        msg = "no input paths given"
        raise InputError(".", msg)
    for path in given:
        if str(path) == STDIN:
            yield path
        elif path.is_dir():
            files = []
            problems: list[OSError] = []
            for root, dirs, names in os.walk(path, onerror=problems.append):
                dirs[:] = sorted(d for d in dirs if not _hidden(d))
                files += [Path(root) / n for n in names if not _hidden(n) and (Path(root) / n).is_file()]
            for error in problems:
                batch.problems.append(InputError(error.filename or path, f"cannot read folder ({error.strerror})"))
            readable = []
            for file in sorted(files):
                if file.suffix.lower() in ARTICLE_SUFFIXES:
                    readable.append(file)
                else:
                    batch.skipped.append((file, f"not an article file ({file.suffix or 'no extension'})"))
            if not readable and not problems:
                msg = f"directory holds no articles (no {', '.join(ARTICLE_SUFFIXES)} files)"
                batch.problems.append(InputError(path, msg))
            yield from readable
        elif path.is_file():
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                msg = f"unsupported file type {path.suffix!r}; expected one of {', '.join(ARTICLE_SUFFIXES)}"
                batch.problems.append(InputError(path, msg))
                continue
            yield path
        else:
            batch.problems.append(InputError(path, "no such file or directory"))


def _decode(path: Path, data: bytes | None = None) -> str:
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(path, f"cannot read file ({e.strerror})") from None
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


def _check_size(text: str, where: Path | str, line: int | None = None) -> None:
    if len(text) > settings.MAX_ARTICLE_CHARS:
        msg = (
            f"article of {len(text):,} characters; the most borderwatch reads is "
            f"{settings.MAX_ARTICLE_CHARS:,} (split it into parts)"
        )
        raise InputError(where, msg, line=line)


def _read_file(
    path: Path, batch: Batch, *, updated_as_published: bool, stdin: Callable[[], str] | None = None
) -> Iterator[Article]:
    if str(path) == STDIN:
        text = stdin() if stdin is not None else sys.stdin.buffer.read().decode("utf-8-sig", errors="strict")
        yield from _read_jsonl(Path("<stdin>"), text, batch)
        return
    text = _decode(path)
    suffix = path.suffix.lower()
    if suffix in JSON_LINES_SUFFIXES:
        yield from _read_jsonl(path, text, batch)
    elif suffix == ".json":
        yield from _read_json(path, text, batch)
    elif suffix in HTML_SUFFIXES:
        yield _article_from_html(path, text)
    else:
        _check_size(text, path)
        yield article_from_text(text, source=str(path), default_id=path.stem, updated_as_published=updated_as_published)


def article_from_text(
    text: str,
    *,
    source: str,
    default_id: str,
    updated_as_published: bool = False,
) -> Article:
    """Build an Article from the text of a ``.txt`` or ``.md`` file, reading its leading metadata.

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
        key = (
            "date"
            if match.group("date_key") or match.group("date_key2")
            else "url"
            if match.group("url_key")
            else (match.group("key") or match.group("key2")).lower()
        )
        value = match.group("date") or match.group("date2") or match.group("url") or match.group("value")
        meta.setdefault(key, (value or match.group("value2")).strip())
        body = body[match.end() :]
    if not body.strip():
        raise InputError(source, "article has empty text")
    title = next(line.strip() for line in body.splitlines() if line.strip())
    if source.lower().endswith((".md", ".markdown")):
        title = title.lstrip("#").strip() or title
    published_raw = meta.pop("date", None) or meta.pop("published", None)
    published = parse_published(published_raw, source) if published_raw else None
    if published is None and updated_as_published:
        published = _updated_date(body)
    return Article(
        id=meta.pop("id", default_id),
        text=text,
        title=meta.pop("title", title),
        source=source,
        url=meta.pop("url", None),
        outlet=meta.pop("outlet", None) or meta.pop("source", None),
        published=published,
        metadata=meta,
        body_start=len(text) - len(body),
    )


def _article_from_html(path: Path, html: str) -> Article:
    """One web page: its article text, title, date and outlet, as trafilatura finds them."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    found = document.as_dict() if document is not None and hasattr(document, "as_dict") else (document or {})
    body = found.get("text") or ""
    if not body.strip():
        raise InputError(path, "no article text found in the page")
    _check_size(body, path)
    title = found.get("title") or next(line.strip() for line in body.splitlines() if line.strip())
    published = parse_published(found["date"], path) if found.get("date") else None
    metadata = {k: found[k] for k in ("author", "hostname", "description") if found.get(k)}
    return Article(
        id=path.stem,
        text=body,
        title=str(title),
        source=str(path),
        url=found.get("url") or None,
        outlet=found.get("sitename") or found.get("hostname") or None,
        published=published,
        metadata=metadata,
    )


def _read_jsonl(path: Path, text: str, batch: Batch) -> Iterator[Article]:
    """One article a line; a bad line is listed in the batch and the others still read."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(path, f"invalid JSON ({e.msg} at column {e.colno})", line=number) from None
            if not isinstance(obj, dict):
                raise InputError(path, f"expected a JSON object, got {type(obj).__name__}", line=number)
            yield _article_from_json(obj, path, number)
        except InputError as e:
            batch.problems.append(e)


def _read_json(path: Path, text: str, batch: Batch) -> Iterator[Article]:
    """A JSON file: one article object, or an array of them (numbered from 1 in messages)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(path, f"invalid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    if isinstance(document, dict):
        yield _article_from_json(document, path, None)
        return
    if not isinstance(document, list):
        raise InputError(path, f"expected an article object or an array of them, got {type(document).__name__}")
    for number, obj in enumerate(document, start=1):
        try:
            if not isinstance(obj, dict):
                raise InputError(path, f"item {number}: expected a JSON object, got {type(obj).__name__}")
            yield _article_from_json(obj, path, number, item=True)
        except InputError as e:
            batch.problems.append(e)


def _article_from_json(obj: dict[str, Any], path: Path, number: int | None, *, item: bool = False) -> Article:
    source = str(path) if number is None else f"{path}:{number}"
    where: dict[str, Any] = {"line": None if item else number}
    prefix = f"item {number}: " if item else ""

    def fail(problem: str) -> InputError:
        return InputError(path, prefix + problem, **where)

    body = obj.get("text")
    if body is None:
        raise fail("article has no 'text' field")
    if not isinstance(body, str):
        raise fail(f"'text' must be a string, got {type(body).__name__}")
    if not body.strip():
        raise fail("article has empty text")
    try:
        _check_size(body, path, where["line"])
    except InputError as e:
        raise fail(e.problem) from None
    raw_id = obj.get("id")
    article_id = str(raw_id) if raw_id not in (None, "") else content_hash(body)[:16]
    published_raw = obj.get("published")
    published = None
    if published_raw not in (None, ""):
        if not isinstance(published_raw, str):
            raise fail(f"'published' must be a date string, got {published_raw!r}")
        try:
            published = parse_published(published_raw, path)
        except InputError as e:
            raise fail(e.problem) from None
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


def parse_published(value: str, path: Path | str = "", line: int | None = None) -> date:
    """A publication date in a common form, as the local date at the source.

    ISO 8601 (``2023-02-22``, ``2023-02-22T23:30:00+05:00``), RFC 2822 as in RSS (``Wed, 22 Feb
    2023 23:30:00 +0500``) and written dates (``22 Feb 2023``, ``February 22, 2023``). A time with
    a zone keeps the date of that zone, the source's own. All-number forms other than ISO
    (``02/03/2023``) are refused: day and month cannot be told apart.
    """
    from email.utils import parsedate_to_datetime

    from dateutil import parser as dateparser

    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    problem = None
    if _NUMERIC_DATE.match(text):
        problem = f"publication date {value!r} is ambiguous (day or month first?); write 2023-02-22 or 22 Feb 2023"
    elif not re.search(r"\b\d{4}\b", text):
        problem = f"publication date {value!r} gives no year"
    else:
        try:
            return dateparser.parse(text, dayfirst=True).date()
        except (ValueError, OverflowError):
            problem = f"publication date {value!r} is not a date (ISO 2023-02-22, RFC 2822, or 22 Feb 2023)"
    raise InputError(path, problem, line=line)


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
