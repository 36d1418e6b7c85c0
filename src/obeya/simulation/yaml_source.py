"""YAML documents that remember where each key came from, for errors naming the line.

`read_document(path)` returns the loaded data with a `Located` helper: `located.error(key,
problem)` builds a FileFormatError naming the file, the key path (`stations[1].buffer`)
and the line of that key (or of its nearest parent that has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from obeya.domain.errors import FileFormatError


@dataclass(frozen=True)
class Located:
    """Line numbers (1-based) of every key path of one YAML document."""

    source: str
    lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        """The line of `key`, or of its nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            cut = max(key.rfind("."), key.rfind("["))
            key = key[:cut] if cut > 0 else ""
        return None

    def error(self, key: str, problem: str) -> FileFormatError:
        """A FileFormatError about `key`, located by file and line."""
        return FileFormatError(problem, source=self.source, line=self.line_of(key), key=key)


def read_document(path: Path) -> tuple[object, Located]:
    """Read and parse a YAML file.

    Raises:
        FileFormatError: when the file cannot be read or is not valid YAML.
    """
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FileFormatError(f"cannot read the file: {error.strerror}", source=source) from None
    return parse_document(text, source)


def parse_document(text: str, source: str) -> tuple[object, Located]:
    """Parse YAML text; `source` names it in errors.

    Raises:
        FileFormatError: when the text is not valid YAML.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise FileFormatError(f"not valid YAML: {problem}", source=source, line=line) from None
    lines: dict[str, int] = {}
    if node is not None:
        _walk(node, "", lines)
    return data, Located(source, lines)


def _walk(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines[child] = item.start_mark.line + 1
            _walk(item, child, lines)
