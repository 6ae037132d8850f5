"""Imported only by the worker fork server (see ``workers.start_worker_server``).

Importing the worker and parsing code and building the entity extractor here (the gazetteer
takes ~1.6 s of CPU) happens once in the fork server, so every worker forks with them ready
instead of building them itself. It runs with the collector paused and ends by freezing what
it built (``etl.startup``; ~0.3 s less CPU here, and the workers' collections leave those
objects, shared with the fork server, alone). The parent process never imports this module.
"""

from etl.pipeline import workers
from etl.startup import collector_paused


def _preload() -> None:
    import etl.parsing.parser  # noqa: F401  (workers import it on their first cable)
    from etl.entities.extractor import default_extractor

    default_extractor()


# The fork server outlives a load killed with kill -9 unless the kernel ends it too.
workers.die_with_parent()
with collector_paused():
    _preload()

__all__ = ["workers"]
