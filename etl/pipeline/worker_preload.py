"""Imported only by the worker fork server (see ``workers.start_worker_server``).

Importing the worker and parsing code and building the entity extractor here (the gazetteer
takes ~1.6 s of CPU) happens once in the fork server, so every worker forks with them ready
instead of building them itself. The parent process never imports this module.
"""

import etl.parsing.parser  # noqa: F401  (workers import it on their first cable)
from etl.entities.extractor import default_extractor
from etl.pipeline import workers

# The fork server outlives a load killed with kill -9 unless the kernel ends it too.
workers.die_with_parent()
default_extractor()

__all__ = ["workers"]
