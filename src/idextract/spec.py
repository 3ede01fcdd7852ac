"""Loading the TOML data files shipped with idextract (calendar, parser specs).

A shipped spec that fails to load is a bug in the package, not bad input: it raises
:class:`~idextract.errors.SpecError` naming the file and the key, loudly, at first use.
"""

from __future__ import annotations

import importlib
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from .errors import SpecError

__all__ = ["load_toml", "require"]


@cache
def load_toml(package: str, name: str) -> dict[str, Any]:
    """The parsed TOML file ``name`` shipped in ``package`` (cached)."""
    try:
        # Beside the module rather than importlib.resources: setuptools' editable installs of
        # mapped package dirs (parsers/ -> idextract.parsers) confuse the resources readers.
        module = importlib.import_module(package)
        text = (Path(module.__file__ or "").parent / name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise SpecError(f"{package}/{name}: shipped data file is missing") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{package}/{name}: {exc}") from exc


def require(spec: dict[str, Any], path: str, source: str) -> Any:
    """``spec[a][b]...`` for ``path`` 'a.b...', or a SpecError naming ``source`` and the key."""
    node: Any = spec
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            raise SpecError(f"{source}: missing key '{path}'")
        node = node[key]
    return node
