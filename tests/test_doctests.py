"""The examples in the modules' docstrings run, as documentation that cannot go stale."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import idextract
import idextract.parsers

# The parsers are a package of their own directory (mapped to idextract.parsers), outside
# idextract's own __path__ in an editable install: walked separately.
MODULES = sorted({m.name for m in pkgutil.walk_packages(idextract.__path__, "idextract.")}
                 | {m.name for m in pkgutil.walk_packages(idextract.parsers.__path__, "idextract.parsers.")}
                 | {"idextract.parsers"})


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_are_found() -> None:
    finder = doctest.DocTestFinder()
    with_examples = [n for n in MODULES if any(t.examples for t in finder.find(importlib.import_module(n)))]
    assert len(with_examples) >= 9, with_examples
