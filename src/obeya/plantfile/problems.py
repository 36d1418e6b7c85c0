"""Problems found in a plant file, and the error that carries all of them.

    FileFormatError (obeya.domain.errors)
    └── PlantFileError     every error of one plant file: `problems`, one per line

Each problem is a `FileFormatError` itself (source, line, key path, problem), so a
caller that handles one `FileFormatError` handles the whole file's too.
"""

from __future__ import annotations

from collections.abc import Sequence

from obeya.domain.errors import FileFormatError


class PlantFileError(FileFormatError):
    """A plant file with one or more errors; `problems` lists them in file order.

    `line`, `key` and `problem` are those of the first problem; the message lists every
    problem on its own line, like `plant.yaml: areas[0].id: ... (line 7)`.
    """

    def __init__(self, problems: Sequence[FileFormatError]) -> None:
        if not problems:
            raise ValueError("a PlantFileError needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        super().__init__(first.problem, source=first.source, line=first.line, key=first.key)

    def _render(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class Problems:
    """Collects the errors and warnings of one file, each with key path and line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[FileFormatError] = []
        self.warnings: list[FileFormatError] = []

    def error(self, key: str, line: int | None, problem: str) -> None:
        """Record an error at a key path and line."""
        self.errors.append(self._make(key, line, problem))

    def warn(self, key: str, line: int | None, problem: str) -> None:
        """Record a warning (the file loads, but something looks wrong)."""
        self.warnings.append(self._make(key, line, problem))

    def _make(self, key: str, line: int | None, problem: str) -> FileFormatError:
        return FileFormatError(problem, source=self.source, line=line, key=key or None)


def key_path(parent: str, key: str | int) -> str:
    """Join a key path: `areas[0]` + `lines` -> `areas[0].lines`; + 1 -> `areas[0].lines[1]`."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key
