"""The package's layers, read from its own imports: no module imports one that imports it back.

Storage (``store``, ``backends``) sits below the shared domain modules (``topics``, ``identity``,
``targets``), below the algorithms (``path_search``, ``paths``, ``experts``, ``quality``), below the
CLI. A cycle hidden in a function-local import is still a cycle: every ``import`` statement of the
module's AST counts, wherever it is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "graphintro"


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> nx.DiGraph:
    """Module → imported module, for every import statement in ``package`` (top-level, local to a
    function, or under ``TYPE_CHECKING``), each edge with the line of its first import."""
    files = {_module_name(path, package): path for path in sorted(package.rglob("*.py"))}
    graph = nx.DiGraph()
    for name, path in files.items():
        graph.add_node(name)
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the package, up level - 1 packages
                    parents = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join(parents + ([base] if base else []))
                # ``from graphintro.backends import local`` imports the submodule local.
                imported = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
                    for alias in node.names
                ]
            else:
                continue
            for target in imported:
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name and not graph.has_edge(name, target):
                    graph.add_edge(name, target, line=node.lineno)
    return graph


def describe_cycles(graph: nx.DiGraph) -> list[str]:
    """Each group of modules that import each other, with the imports that tie them."""
    found = []
    for group in sorted(sorted(g) for g in nx.strongly_connected_components(graph) if len(g) > 1):
        edges = [
            f"  {a} imports {b} (line {graph.edges[a, b]['line']})"
            for a, b in sorted(graph.subgraph(group).edges)
        ]
        found.append("import cycle among " + ", ".join(group) + ":\n" + "\n".join(edges))
    return found


def test_no_import_cycles():
    graph = import_graph()
    assert graph.number_of_nodes() > 30 and graph.number_of_edges() > 60, "the graph was read"
    cycles = describe_cycles(graph)
    assert not cycles, (
        "move the shared piece one layer down (a cycle held by a function-local import is "
        "still a cycle):\n" + "\n".join(cycles)
    )


def test_the_check_sees_function_local_and_relative_imports(tmp_path):
    """The check itself: a cycle made by an import inside a function, or by a relative import, is found."""
    package = tmp_path / "graphintro"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from graphintro.high import g\n    return g\n")
    (package / "high.py").write_text("from graphintro import low\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "a.py").write_text("from . import b\n")
    (package / "sub" / "b.py").write_text("def h():\n    from .a import x\n")
    cycles = describe_cycles(import_graph(package))
    assert len(cycles) == 2
    assert (
        "graphintro.high, graphintro.low" in cycles[0]
        and "graphintro.low imports graphintro.high (line 2)" in cycles[0]
    )
    assert "graphintro.sub.a, graphintro.sub.b" in cycles[1]


def test_storage_never_imports_the_algorithms():
    """The backends answer the algorithms' questions; they never import an algorithm back."""
    graph = import_graph()
    algorithms = {
        "graphintro.paths",
        "graphintro.path_search",
        "graphintro.experts",
        "graphintro.quality",
        "graphintro.suggestions",
        "graphintro.accounts",
        "graphintro.contacts",
        "graphintro.cli",
    }
    storage = [n for n in graph if n == "graphintro.store" or n.startswith("graphintro.backends")]
    reached = {(module, up) for module in storage for up in nx.descendants(graph, module) & algorithms}
    assert not reached, sorted(reached)


def test_the_workspace_sits_below_its_clients_and_nothing_imports_the_cli():
    """The workspace (``graphintro.open``) is what the clients call: it never imports a client back
    (the CLI, the web app), and no module outside the CLI package imports the CLI."""
    graph = import_graph()
    cli = {n for n in graph if n == "graphintro.cli" or n.startswith("graphintro.cli.")}
    assert "graphintro.cli.core" in cli and "graphintro.workspace" in graph, "the modules were read"
    clients = cli | {n for n in graph if n.startswith("graphintro.web")}
    assert not nx.descendants(graph, "graphintro.workspace") & clients
    # (``graphintro.__main__`` is ``python -m graphintro``: an entry point, as the console script is)
    outside = {(a, b) for a, b in graph.edges if b in cli and a not in cli | {"graphintro.__main__"}}
    assert not outside, sorted(outside)
