"""Run the doctests of every module of the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import podcast

MODULES = sorted(m.name for m in pkgutil.walk_packages(podcast.__path__, "podcast."))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
