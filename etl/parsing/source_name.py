"""Weak hints read from the name a document arrived under.

Real inputs are named after their reference id: the release's pages live at
``cable/YYYY/MM/REFID.html``, mirrors and the corpus use ``REFID.txt``, revisions
``REFID__revYYYYMMDD.txt``. Archive members carry the archive's path before the last ``!``;
cables.csv records (``...#row=N``) have no name of their own. The name is only a hint: the
text wins unless it gives no id, an incomplete one, or one whose serial looks mangled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A well-formed release id: two-digit year, station letters, serial. Malformed release ids
#: (``08SCTION02OF02SAOPAULO335``) deliberately do not match: they are never better than text.
_REFERENCE_ID = re.compile(r"^(\d{2})([A-Z]{2,40})(\d{1,6})$")
_REVISION_SUFFIX = re.compile(r"__rev\d{8}$")
#: ``cable/2001/03/`` in a release path: the creation year and month.
_RELEASE_FOLDER = re.compile(r"(?:^|/)cable/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")


@dataclass(frozen=True, slots=True)
class NameHint:
    """What a source path says about the cable inside it."""

    cable_id: str | None = None
    year: int | None = None  # from the id's two digits, or the release folder
    station: str | None = None
    serial: str | None = None
    folder_year: int | None = None  # from ``cable/YYYY/MM/``
    folder_month: int | None = None

    @property
    def is_empty(self) -> bool:
        """True when the path says nothing useful."""
        return self.cable_id is None and self.folder_year is None


def split_reference_id(cable_id: str) -> tuple[int, str, str] | None:
    """``06PHNOMPENH534`` → (6, "PHNOMPENH", "534"); None when not a well-formed id."""
    match = _REFERENCE_ID.match(cable_id)
    if match is None:
        return None
    return int(match.group(1)), match.group(2), match.group(3)


def hint_from_source_path(source_path: str | None) -> NameHint:
    """Read the reference id (and release folder year/month) from a document's source path."""
    if not source_path or "#row=" in source_path:
        return NameHint()
    member = source_path.rsplit("!", 1)[-1].replace("\\", "/")
    folder = _RELEASE_FOLDER.search(member)
    folder_year = int(folder.group(1)) if folder else None
    folder_month = int(folder.group(2)) if folder else None
    base = member.rsplit("/", 1)[-1]
    stem = base.split(".", 1)[0]  # also strips double extensions such as .txt.gz
    stem = _REVISION_SUFFIX.sub("", stem).upper()
    parts = split_reference_id(stem)
    if parts is None:
        return NameHint(folder_year=folder_year, folder_month=folder_month)
    year, station, serial = parts
    return NameHint(
        cable_id=f"{year:02d}{station}{int(serial)}",
        year=year,
        station=station,
        serial=str(int(serial)),
        folder_year=folder_year,
        folder_month=folder_month,
    )


def stations_match(written: str, named: str) -> bool:
    """Whether a station read from the text and one from a name are the same post: the
    release sometimes keeps and sometimes drops an ``EFTO`` caption in ids, and a redacted
    station (``XXXXXXXXXXXX``) matches any name."""
    if set(written) == {"X"}:
        return True
    return written.removeprefix("EFTO") == named.removeprefix("EFTO")


def serials_plausibly_same(written: str, named: str) -> bool:
    """Whether two serials differ by at most one digit inserted, dropped or changed, or the
    written one is the named one with leading or trailing digits lost: the usual damage of a
    retyped classification line (``2025`` for ``22025``, ``927`` for ``30927``)."""
    a, b = str(int(written)) if written.isdigit() else written, named
    if a == b:
        return True
    if len(a) < len(b) and (b.endswith(a) or b.startswith(a)):
        return True
    if len(a) == len(b):
        return sum(1 for x, y in zip(a, b, strict=True) if x != y) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
