"""The extension's shape, checked: renderers show only what they declare; imports go one way."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import lw_method.components  # noqa: F401  (registers every renderer)
from lw_method.resolve import RENDERERS, RenderContext, everything

PACKAGE = Path(lw_method.components.__file__).resolve().parents[1]

#: names through which a renderer could read around its declared inputs
AROUND_INPUTS = {"env", "builder", "app", "domains", "derived", "titles", "get_doctree"}


def code_names(function) -> set[str]:
    """Every global and attribute name the function's code (and code nested in it) uses."""
    names, stack = set(), [function.__code__]
    while stack:
        code = stack.pop()
        names |= set(code.co_names)
        stack += [const for const in code.co_consts if inspect.iscode(const)]
    return names


def test_every_placeholder_kind_has_a_renderer_that_declares_what_it_reads():
    assert len(RENDERERS) >= 12
    for kind, found in RENDERERS.items():
        assert callable(found.reads), kind
        assert list(inspect.signature(found.render).parameters)[:2] != ["context", "node"], kind


def test_a_renderer_cannot_reach_the_environment():
    """The context holds the page, the format and the configuration: nothing to read data from."""
    assert [f.name for f in dataclasses.fields(RenderContext)] == ["docname", "format", "config"]
    for kind, found in RENDERERS.items():
        used = code_names(found.render) & AROUND_INPUTS
        if found.reads is everything:  # a view is given the derived data as its input
            used -= {"derived"}
        assert not used, f"the {kind!r} renderer reads {sorted(used)} around its inputs"


def module_imports(path: Path) -> set[str]:
    """The lw_method modules a module imports when it is imported (not for type checking,
    not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    package = list(relative.parts[:-1]) if relative.name != "__init__" else list(relative.parts[:-1])
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for statement in ([node] if not isinstance(node, ast.If) else node.body):
            if isinstance(statement, ast.ImportFrom):
                base = package[: len(package) - statement.level + 1] if statement.level else []
                module = ".".join([*base, *(statement.module.split(".") if statement.module else [])])
                if not module.startswith("lw_method"):
                    continue
                for alias in statement.names:
                    candidate = f"{module}.{alias.name}"
                    found.add(candidate if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists()
                              else module)
            elif isinstance(statement, ast.Import):
                found |= {a.name for a in statement.names if a.name.startswith("lw_method")}
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = module_imports(path) - {name}
    return graph


def test_modules_import_one_way_with_no_cycles():
    graph = import_graph()
    visiting, done = [], set()

    def visit(module: str) -> None:
        assert module not in visiting, "import cycle: " + " -> ".join([*visiting, module])
        if module in done:
            return
        visiting.append(module)
        for imported in sorted(graph.get(module, ())):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in graph:
        visit(module)


def test_components_never_import_the_layers_above_them():
    above = {"lw_method", "lw_method.domain", "lw_method.cli", "lw_method.check_command",
             "lw_method.sphinx_run", "lw_method.publish_guard", "lw_method.book", "lw_method.navigation",
             "lw_method.derive"}
    for module, imported in import_graph().items():
        if module.startswith("lw_method.components"):
            assert not imported & above, (module, sorted(imported & above))
