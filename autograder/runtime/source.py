"""The runtime as source code, for sending into a kernel or a sandboxed process.

The grader never pickles anything across the sandbox: it sends these modules' text and the
receiving side executes them into fresh module objects under the package name ``PACKAGE``.
"""

from __future__ import annotations

from importlib import resources

__all__ = ["MODULES", "PACKAGE", "bootstrap_code"]

PACKAGE = "autograder_runtime"
MODULES = ("wire", "harness", "runner", "kernel_side", "quality_worker")

_LOADER = '''
def _autograder_install(package, modules):
    import sys, types
    root = types.ModuleType(package)
    root.__path__ = []
    root.__package__ = package
    sys.modules[package] = root
    for name, source in modules:
        module = types.ModuleType(package + "." + name)
        module.__package__ = package
        sys.modules[module.__name__] = module
        setattr(root, name, module)
        exec(compile(source, "<" + module.__name__ + ">", "exec"), module.__dict__)
    return root
'''


def module_sources() -> list[tuple[str, str]]:
    """``(name, source)`` of every runtime module, in dependency order."""
    package = resources.files(__package__)
    return [(name, package.joinpath(f"{name}.py").read_text(encoding="utf-8")) for name in MODULES]


def bootstrap_code(then: str = "") -> str:
    """Code that installs the runtime package in the running interpreter, followed by ``then``."""
    return (
        f"{_LOADER}\n"
        f"_autograder_install({PACKAGE!r}, {module_sources()!r})\n"
        "del _autograder_install\n"
        f"{then}"
    )
