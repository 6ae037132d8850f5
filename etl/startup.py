"""Heavy imports paid once: the cyclic garbage collector paused while they run, and what they
built kept out of every later collection.

Importing Dagster (for ``cables load``), the quality gate (pandas) or Great Expectations
(numpy, scipy and altair under it) creates a few hundred thousand objects that live as long
as the process. While they are created the collector keeps making full passes over everything
alive, about a fifth of the import's CPU (Great Expectations: ~2.5 s with it, ~2.0 s without),
and after that every full collection of the load walks them again, though none can be freed.

``import_heavy(name)`` imports ``name`` the first time with the collector disabled, then moves
every object alive into the permanent generation (``gc.freeze``) and turns the collector back
on: later collections look only at the objects created after it. Nothing else changes:
reference counting frees objects as before, and the collector runs as before on what comes
next. The price: an object frozen here that ends up in an unreachable reference cycle (then or
later) is never collected; its memory is freed only when the process ends. What an import
builds lives as long as the process anyway, the freeze runs before a stage makes its first
frame, and at most once per module and process, so the loss is bounded.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


def import_heavy(name: str) -> ModuleType:
    """``importlib.import_module(name)``; the first time in this process, with the collector
    paused (see the module)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    with collector_paused():
        return importlib.import_module(name)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without cyclic garbage collection, then freeze what is alive (see the
    module). Nested or already disabled: the collector is left as it was found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
