"""The shape of digictl's code: every function short and of simple control flow.

Each function (methods and nested functions too) has a cyclomatic complexity of radon
rank A to C (at most 20) and at most MAX_LINES lines, from its ``def`` to its last line.
A module that breaks this is listed with each offender, so the split is easy to find.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from radon.complexity import cc_rank, cc_visit
from radon.visitors import Class, Function

SRC = Path(__file__).resolve().parent.parent / "src" / "digictl"
# generated modules (`make generate`) are data or fastjsonschema's code, not digictl's to shape
MODULES = sorted(
    p for p in SRC.rglob("*.py") if not p.read_text(encoding="utf-8").startswith("# generated")
)
MAX_LINES = 60
WORST_RANK = "C"


def _functions(blocks: list[Function | Class]) -> list[Function]:
    """Every function radon sees: top level, methods, and nested in either."""
    out: list[Function] = []
    for block in blocks:
        if isinstance(block, Class):
            out += _functions([*block.methods, *block.inner_classes])
        else:
            out += [block, *_functions(block.closures)]
    return out


def _lengths(source: str) -> dict[tuple[int, str], int]:
    """The number of lines of each function, by (line of its ``def``, name)."""
    out = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = node.end_lineno if node.end_lineno is not None else node.lineno
            out[(node.lineno, node.name)] = end - node.lineno + 1
    return out


def offenders(source: str) -> list[str]:
    """Each function of ``source`` that is too complex or too long, in words."""
    found = []
    seen: set[tuple[int, str]] = set()
    for f in _functions(cc_visit(source)):
        if (f.lineno, f.name) in seen:  # radon lists a method at the top level too
            continue
        seen.add((f.lineno, f.name))
        rank = cc_rank(f.complexity)
        if rank > WORST_RANK:
            found.append(f"line {f.lineno} {f.name}: complexity {f.complexity} (rank {rank})")
    for (line, name), length in sorted(_lengths(source).items()):
        if length > MAX_LINES:
            found.append(f"line {line} {name}: {length} lines (at most {MAX_LINES})")
    return found


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_every_function_is_short_and_simple(module: Path) -> None:
    found = offenders(module.read_text(encoding="utf-8"))
    where = module.relative_to(SRC.parents[1]).as_posix()
    assert found == [], f"{where}: split these functions:\n  " + "\n  ".join(found)


def _branches(count: int) -> str:
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(count))
    return f"def f(x):\n{body}    return -1\n"


def test_a_complex_function_is_an_offender() -> None:
    assert offenders(_branches(19)) == []  # complexity 20: rank C
    assert offenders(_branches(20)) == ["line 1 f: complexity 21 (rank D)"]


def test_a_complex_method_or_nested_function_is_an_offender() -> None:
    nested = "def outer():\n" + "".join("    " + line + "\n" for line in _branches(20).splitlines())
    method = "class A:\n" + "".join("    " + line + "\n" for line in _branches(20).splitlines())
    assert "line 2 f: complexity 21 (rank D)" in offenders(nested)
    assert offenders(method) == ["line 2 f: complexity 21 (rank D)"]


def test_a_long_function_is_an_offender() -> None:
    def long_function(lines: int) -> str:
        return "def g():\n" + "    x = 1\n" * (lines - 2) + "    return x\n"

    assert offenders(long_function(MAX_LINES)) == []
    assert offenders(long_function(MAX_LINES + 1)) == [
        f"line 1 g: {MAX_LINES + 1} lines (at most {MAX_LINES})"
    ]
