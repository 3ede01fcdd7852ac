"""Loading the TOML data files shipped with idextract (calendar, parser specs).

A shipped spec that fails to load is a bug in the package, not bad input: it raises
:class:`~idextract.errors.SpecError` naming the file and the key, loudly, at first use.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .errors import SpecError

__all__ = ["load_toml", "require", "spec_loader"]

S = TypeVar("S")


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


def spec_loader(package: str, name: str, build: Callable[[dict[str, Any], str], S]) -> Callable[[], S]:
    """A function that returns ``build(toml, source)`` for the TOML file ``name`` of ``package``,
    built on first call (not at import) and kept; ``source`` is ``"package/name"``, for
    :func:`require`'s errors. A parser's spec in one line::

        load_spec = spec_loader("idextract.parsers", "ktp.toml", Spec)  # Spec(raw, source)
    """

    @cache
    def load() -> S:
        return build(load_toml(package, name), f"{package}/{name}")

    load.__doc__ = f"{package}/{name}, loaded on first use into {getattr(build, '__name__', 'its spec')}."
    return load
