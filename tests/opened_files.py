"""Which files a piece of code opens, seen through Python's audit hooks (``open`` events).

``os.open`` and ``open`` raise the ``open`` audit event with the path they were given (a bare
name when opened relative to a folder's descriptor), before the system call: a file the code
under test opens shows here even when the call then fails. Nothing is replaced or patched.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_recorders: list[list[str]] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _recorders and args and isinstance(args[0], (str, bytes)):
        name = os.path.basename(os.fsdecode(args[0]))
        for recorder in _recorders:
            recorder.append(name)


sys.addaudithook(_hook)  # hooks cannot be removed; it does nothing while nobody records


@contextmanager
def opened_names() -> Iterator[list[str]]:
    """Record the last component of every path opened inside the ``with`` block."""
    recorder: list[str] = []
    _recorders.append(recorder)
    try:
        yield recorder
    finally:
        _recorders.remove(recorder)
