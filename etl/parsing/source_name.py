"""What the name a document arrived under says about the cable inside it.

Real inputs are named after the id the release filed them under: the release's pages live at
``cable/YYYY/MM/REFID.html``, mirrors and the corpus use ``REFID.txt``, revisions
``REFID__revYYYYMMDD.txt``. Archive members carry the archive's path before the last ``!``;
cables.csv records (``...#row=N``) have no name of their own. A name that is such an id is the
release's id for the cable (``resolution`` keeps it over the text's); any other name says
nothing, except the release folder's year and month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A release id: two-digit year, station letters, serial. The release also filed cables under
#: the words its id generator found before the serial: the year printed again
#: (``7575LIBREVILLE1895``) or a damaged section marker (``08SCTION02OF02SAOPAULO335``,
#: ``08SECTION01GF02BISHIEK21``); those are its ids as well and are kept as written.
_REFERENCE_ID = re.compile(
    r"^(\d{2})((?:\1)?(?:[A-Z]{0,3}TION\d{1,2}[A-Z]{1,2}\d{1,2})?)([A-Z]{2,40})(\d{1,6})$"
)
_REVISION_SUFFIX = re.compile(r"__rev\d{8}$")
#: ``cable/2001/03/`` in a release path: the creation year and month.
_RELEASE_FOLDER = re.compile(r"(?:^|/)cable/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")


@dataclass(frozen=True, slots=True)
class NameHint:
    """What a source path says about the cable inside it."""

    cable_id: str | None = None  # the release's id, as the name writes it (serial unpadded)
    folder_year: int | None = None  # from ``cable/YYYY/MM/``
    folder_month: int | None = None


def split_reference_id(cable_id: str) -> tuple[int, str, str] | None:
    """``06PHNOMPENH534`` → (6, "PHNOMPENH", "534"); ``7575LIBREVILLE1895`` → (75,
    "75LIBREVILLE", "1895"); None when ``cable_id`` does not have the shape of a release id."""
    match = _REFERENCE_ID.match(cable_id)
    if match is None:
        return None
    year, damage, station, serial = match.groups()
    return int(year), damage + station, serial


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
    cable_id = f"{parts[0]:02d}{parts[1]}{int(parts[2])}" if parts is not None else None
    return NameHint(cable_id=cable_id, folder_year=folder_year, folder_month=folder_month)
