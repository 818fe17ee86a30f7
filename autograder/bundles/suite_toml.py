"""The learner bundle's ``suite.toml``: the settings the self-check needs, written as TOML."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from typing import Any

__all__ = ["learner_suite_toml"]


def learner_suite_toml(settings: Mapping[str, Any]) -> str:
    """TOML for the learner's ``suite.toml``: string keys and scalar, list or table values.

    Written by hand because the standard library only reads TOML; the text is read back and
    compared, so a value this writer cannot express fails the build instead of changing meaning.
    """
    tables = {key: value for key, value in settings.items() if isinstance(value, Mapping)}
    lines = [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in settings.items() if key not in tables]
    for name, table in tables.items():
        lines += ["", f"[{_toml_key(name)}]"]
        lines += [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in table.items()]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != settings:
        raise ValueError(f"cannot write these settings as TOML faithfully: {settings!r}")
    return text


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise ValueError(f"cannot write a {type(value).__name__} as TOML")


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's, except that TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
