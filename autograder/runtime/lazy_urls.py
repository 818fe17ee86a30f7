"""Werkzeug URL builders compiled on first use instead of when every app is made.

Each Flask app compiles two URL builder functions per route (Python source generated, parsed
and compiled) as soon as the route is added: about 4 ms of an exercise app's 4.5 ms start.
The quality check makes a fresh app for every test on every app variant, and most tests never
build a URL, so the apps worker defers that work until ``url_for`` first needs a builder. The
builder is the one Werkzeug would have made; only the moment changes. Installed only in the
quality check's apps worker, never in a learner's kernel.
"""

from __future__ import annotations

from typing import Any

__all__ = ["install"]


def install() -> bool:
    """Make ``Rule`` compile its builders lazily; ``False`` when this Werkzeug has no such method."""
    try:
        from werkzeug.routing.rules import Rule
    except ImportError:
        return False
    original = getattr(Rule, "_compile_builder", None)
    if original is None or getattr(original, "lazy", False):
        return original is not None

    def compile_builder(self: Any, append_unknown: bool = True) -> Any:
        attribute = "_build_unknown" if append_unknown else "_build"

        def build_on_first_use(rule: Any, *args: Any, **kwargs: Any) -> Any:
            real = original(rule, append_unknown).__get__(rule, None)
            setattr(rule, attribute, real)
            return real(*args, **kwargs)

        return build_on_first_use

    compile_builder.lazy = True  # type: ignore[attr-defined]
    Rule._compile_builder = compile_builder  # type: ignore[method-assign]  # the deliberate patch this module is
    return True
