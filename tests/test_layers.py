"""The package's layers: imports only go down (ui -> studies -> experiments -> simulation)."""

import ast
from pathlib import Path

MODEL = Path(__file__).resolve().parents[1] / "model"
# rank of each layer; a module may import only its own layer or lower ones
RANK = {"simulation": 0, "experiments": 1, "studies": 2, "ui": 3}


def layer_of(module: str) -> str:
    """Layer of a dotted module name inside the package ('model.ui.cli' -> 'ui')."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else "simulation"


def imported_modules(path: Path) -> list[str]:
    """Every module of the package that ``path`` imports (at top level or inside functions)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "model"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "model":
                # `from model import viz` imports the module model.viz
                found += [f"{node.module}.{a.name}" for a in node.names]
    return found


def upward_imports(root: Path = MODEL) -> list[str]:
    """Every import that goes from a lower layer to a higher one."""
    bad = []
    for path in root.rglob("*.py"):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        mine = RANK[layer_of(module)]
        for target in imported_modules(path):
            if RANK[layer_of(target)] > mine:
                bad.append(f"{module} imports {target}")
    return bad


def test_imports_only_go_down():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path):
    # a simulation module that imports the CLI must be caught, or the test above proves nothing
    fake = tmp_path / "model"
    (fake / "ui").mkdir(parents=True)
    (fake / "ui" / "cli.py").write_text("X = 1\n")
    (fake / "metrics.py").write_text("def f():\n    from model.ui.cli import X\n    return X\n")
    assert upward_imports(fake) == ["model.metrics imports model.ui.cli.X"]


def test_the_simulation_layer_holds_only_the_simulation():
    # analyses and interfaces live in their own folders, not beside the model
    root = {p.stem for p in MODEL.glob("*.py")}
    for layer in ("experiments", "studies", "ui"):
        assert not root & {p.stem for p in (MODEL / layer).glob("*.py") if p.stem != "__init__"}
