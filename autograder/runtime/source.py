"""The runtime as source code, for sending into a kernel or a sandboxed process.

The grader never pickles anything across the sandbox: it sends these modules' text and the
receiving side executes them into fresh module objects under the package name ``PACKAGE``.
"""

from __future__ import annotations

from importlib import resources

__all__ = ["KERNEL_MODULES", "MODULES", "PACKAGE", "bootstrap_code"]

PACKAGE = "autograder_runtime"
# Every runtime module, in dependency order; the learner's kernel needs only the first few.
MODULES = (
    "text",
    "session",
    "wire",
    "harness",
    "remote",
    "kernel_server",
    "pytest_run",
    "isolation",
    "lazy_urls",
    "quality_worker",
)
KERNEL_MODULES = ("text", "session", "wire", "harness", "remote", "kernel_server")

# Runs in the notebook's namespace, so it names nothing from there: a notebook's own ``exec``,
# ``compile`` or ``setattr`` are shadowed by the builtins module's, imported afresh.
_LOADER = """
def _autograder_install(package, modules):
    import builtins, sys, types
    root = types.ModuleType(package)
    root.__path__ = []
    root.__package__ = package
    sys.modules[package] = root
    for name, source in modules:
        module = types.ModuleType(package + "." + name)
        module.__package__ = package
        sys.modules[module.__name__] = module
        builtins.setattr(root, name, module)
        builtins.exec(builtins.compile(source, "<" + module.__name__ + ">", "exec"), module.__dict__)
    return root
"""


def module_sources(modules: tuple[str, ...] = MODULES) -> list[tuple[str, str]]:
    """``(name, source)`` of the named runtime modules, in the order given."""
    package = resources.files(__package__)
    return [(name, package.joinpath(f"{name}.py").read_text(encoding="utf-8")) for name in modules]


def bootstrap_code(then: str = "", modules: tuple[str, ...] = MODULES) -> str:
    """Code that installs the runtime package (``modules`` of it) in the running interpreter, then ``then``."""
    return f"{_LOADER}\n_autograder_install({PACKAGE!r}, {module_sources(modules)!r})\ndel _autograder_install\n{then}"
