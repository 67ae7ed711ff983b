"""Hold the exception tree every borderwatch module raises."""

from __future__ import annotations

from pathlib import Path


class BorderwatchError(Exception):
    """Base class of every error borderwatch raises on purpose."""


class InputError(BorderwatchError, ValueError):
    """An input file could not be read as articles."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        self.path = Path(path)
        self.line = line
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class BatchError(InputError):
    """Several inputs of a batch are not valid articles: every one is listed, one a line."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        self.path, self.line, self.problem = problems[0].path, problems[0].line, problems[0].problem
        lines = "\n".join(f"  {p}" for p in problems)
        Exception.__init__(
            self,
            f"{len(problems)} inputs are not valid articles; nothing was stored"
            f" (--skip-invalid stores the valid ones):\n{lines}",
        )


class StoreError(BorderwatchError, OSError):
    """The store cannot be opened, read or written."""


class NoStoreError(StoreError):
    """A command that reads the store found none at the given location."""

    def __init__(self, location: object) -> None:
        super().__init__(f"{location}: no store here; run 'borderwatch ingest' or 'borderwatch build' first")


class StoreBusyError(StoreError):
    """Another command kept the store's write lock longer than this one would wait."""


class GazetteerError(BorderwatchError, LookupError):
    """A place name is not in the gazetteer, or the gazetteer data is broken."""


class QueryError(BorderwatchError, ValueError):
    """A query's arguments do not make sense."""


class GeocoderError(BorderwatchError, ConnectionError):
    """An online geocoder could not answer (timeout, rate limit, service error)."""
