"""A release-sized synthetic corpus made by re-identifying real cables.

Each real cable (a *source*) becomes a template: its text with the places that carry the
reference id (metadata block, DE line serial, classification line, page-break lines) and its
dates (DTG, metadata date, long dates, DE Julian date) cut out as slots. Copy ``k`` of a source
fills the slots with a new serial (same year and station, unique within them) and dates shifted
by a few days, so the parser derives a new, unique id while the text stays real.

Texts are handled as Latin-1 strings: that maps every byte to one character, so UTF-8 and
Latin-1 sources come out byte-for-byte unchanged outside the slots. Every source is checked once
by parsing one copy; sources whose copies the parser does not identify as intended (mostly
partial extracts with no derivable id) are left out of the pool.

The corpus is written streaming (one cable at a time) as a folder of ``.txt`` files and as one
release-style ``cables.csv``; nothing but the templates of the ~5,500 sources is held in memory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Protocol

#: Bump when the generated text or layout changes, so cached corpora are rebuilt.
GENERATOR_VERSION = 2
#: The size of the 2010-11 release.
RELEASE_SIZE = 251_287
#: Files per sub-folder of the generated corpus (also the size of the no-op reload folder).
CABLES_PER_FOLDER = 5_000
#: The copy every source is validated with: the largest date shift and a many-digit serial.
VALIDATION_COPY = 89
_SHIFT_DAYS = 90

_SOURCE_ID = re.compile(r"^(\d{2})([A-Z][A-Z0-9]*?)(\d+)$")
_NUMBER = re.compile(r"(?<![0-9])\d+(?![0-9])")
_DTG = re.compile(
    r"\b(\d{2})(\d{2})(\d{2})Z(\s{1,3})([A-Za-z]{3,9})(\s{1,3})(\d{4}|\d{2})\b", re.ASCII
)
_RUBY_TIME = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$",
    re.ASCII | re.MULTILINE,
)
_LONG_DATE = re.compile(
    r"^((?:[A-Za-z]+day),\s+)?(\d{1,2})(\s+)([A-Za-z]{3,9})(\s+)(\d{4})(,?\s+)(\d{1,2}):(\d{2})"
    r"(?=\s*$)",
    re.ASCII | re.MULTILINE,
)
_DE_JULIAN = re.compile(
    r"^DE\s+[A-Z0-9]{4,8}\s+#\s?\d{1,6}(?:/\d{1,3})?\s+(\d{3})(\d{4})\b", re.ASCII | re.MULTILINE
)
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_NAMES = (
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
)
_WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


@dataclass(frozen=True, slots=True)
class SourceId:
    """A reference id taken apart: ``06PHNOMPENH534`` → 06, PHNOMPENH, 534."""

    year: str
    station: str
    serial: int

    @property
    def text(self) -> str:
        return f"{self.year}{self.station}{self.serial}"

    def with_serial(self, serial: int) -> str:
        """The id of the same year and station with another serial."""
        return f"{self.year}{self.station}{serial}"


def split_id(cable_id: str) -> SourceId | None:
    """Take a canonical reference id apart; None when it does not have the usual shape."""
    match = _SOURCE_ID.match(cable_id)
    if match is None:
        return None
    return SourceId(match.group(1), match.group(2), int(match.group(3)))


def source_id_of(path: Path) -> str:
    """The reference id a corpus file is named by (``REFID.txt`` or ``REFID__revDATE.txt``)."""
    return path.stem.split("__", 1)[0]


class Slot(Protocol):
    """A piece of a template that changes from copy to copy."""

    def render(self, new_id: SourceId, delta: timedelta) -> str: ...


@dataclass(frozen=True, slots=True)
class IdSlot:
    """The whole reference id as written (metadata block, tab-separated row)."""

    def render(self, new_id: SourceId, delta: timedelta) -> str:
        return new_id.text


@dataclass(frozen=True, slots=True)
class SerialSlot:
    """The station serial, zero-padded as in the original (``#0534``, ``000534``)."""

    width: int

    def render(self, new_id: SourceId, delta: timedelta) -> str:
        return str(new_id.serial).zfill(self.width)


def _month_text(month: int, written: str) -> str:
    name = (_MONTH_NAMES if len(written) > 3 else _MONTHS)[month - 1]
    if written.isupper():
        return name
    return name.lower() if written.islower() else name.title()


@dataclass(frozen=True, slots=True)
class DtgSlot:
    """A date-time group ``210959Z MAR 06``, spacing, month spelling and year width kept."""

    when: datetime
    gap_before_month: str
    month_written: str
    gap_before_year: str
    year_digits: int

    def render(self, new_id: SourceId, delta: timedelta) -> str:
        at = self.when + delta
        year = f"{at.year:04d}"[-self.year_digits :]
        return (
            f"{at.day:02d}{at.hour:02d}{at.minute:02d}Z{self.gap_before_month}"
            f"{_month_text(at.month, self.month_written)}{self.gap_before_year}{year}"
        )


@dataclass(frozen=True, slots=True)
class RubyTimeSlot:
    """The layout (a) metadata date ``Tue Mar 21 00:00:00 +0100 2006``."""

    when: datetime
    offset: str

    def render(self, new_id: SourceId, delta: timedelta) -> str:
        at = self.when + delta
        return f"{at:%a %b %d %H:%M:%S} {self.offset} {at.year}"


@dataclass(frozen=True, slots=True)
class LongDateSlot:
    """``Wednesday, 29 November 2000, 13:59`` of partial-extract records."""

    when: datetime
    with_weekday: bool
    gap_after_day: str
    month_written: str
    gap_after_month: str
    gap_after_year: str

    def render(self, new_id: SourceId, delta: timedelta) -> str:
        at = self.when + delta
        weekday = f"{_WEEKDAYS[at.weekday()].title()}, " if self.with_weekday else ""
        return (
            f"{weekday}{at.day}{self.gap_after_day}{_month_text(at.month, self.month_written)}"
            f"{self.gap_after_month}{at.year}{self.gap_after_year}{at.hour:02d}:{at.minute:02d}"
        )


@dataclass(frozen=True, slots=True)
class JulianSlot:
    """The day-of-year + time group of the DE line (``0800959``)."""

    when: datetime

    def render(self, new_id: SourceId, delta: timedelta) -> str:
        at = self.when + delta
        return f"{at.timetuple().tm_yday:03d}{at.hour:02d}{at.minute:02d}"


@dataclass(frozen=True, slots=True)
class Template:
    """One real cable, ready to be copied under new ids."""

    source_path: str
    source_id: SourceId
    parts: tuple[str | Slot, ...]
    anchor: datetime | None  # the first date in the text: its year must not change
    has_metadata_block: bool
    group_index: int = 0  # position among the sources of the same year and station
    group_size: int = 1
    created_at: datetime | None = None  # as the parser reads the original (for cables.csv)
    origin: str = ""
    classification: str = ""


@dataclass(frozen=True, slots=True)
class SyntheticCable:
    """One generated cable."""

    cable_id: str
    text: str  # Latin-1 view of the bytes: encode with "latin-1" to write them
    created_at: datetime | None
    origin: str
    classification: str
    has_metadata_block: bool


def _parse_month(written: str) -> int | None:
    upper = written.upper()
    for index, name in enumerate(_MONTH_NAMES):
        if upper == name or upper == name[:3] or (len(upper) >= 4 and name.startswith(upper)):
            return index + 1
    return None


def _datetime(year: int, month: int, day: int, hour: int, minute: int) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _full_year(written: str) -> int:
    year = int(written)
    if len(written) == 4:
        return year
    return 1900 + year if year >= 50 else 2000 + year


def _date_slots(text: str) -> list[tuple[int, int, Slot, datetime]]:
    found: list[tuple[int, int, Slot, datetime]] = []
    for m in _DTG.finditer(text):
        month = _parse_month(m.group(5))
        year = _full_year(m.group(7))
        when = month and _datetime(year, month, int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if when:
            dtg = DtgSlot(when, m.group(4), m.group(5), m.group(6), len(m.group(7)))
            found.append((m.start(), m.end(), dtg, when))
    for m in _RUBY_TIME.finditer(text):
        month = _parse_month(m.group(1))
        when = month and _datetime(
            int(m.group(7)), month, int(m.group(2)), int(m.group(3)), int(m.group(4))
        )
        if when and m.group(5) == "00":
            found.append((m.start(), m.end(), RubyTimeSlot(when, m.group(6)), when))
    for m in _LONG_DATE.finditer(text):
        month = _parse_month(m.group(4))
        when = month and _datetime(
            int(m.group(6)), month, int(m.group(2)), int(m.group(8)), int(m.group(9))
        )
        if when:
            slot = LongDateSlot(
                when, m.group(1) is not None, m.group(3), m.group(4), m.group(5), m.group(7)
            )
            found.append((m.start(), m.end(), slot, when))
    return found


def _letters_before(text: str, end: int) -> str:
    line_start = text.rfind("\n", 0, end) + 1
    return re.sub(r"[^A-Z]", "", text[max(line_start, end - 60) : end].upper())


def _id_slots(text: str, source: SourceId) -> list[tuple[int, int, Slot]]:
    found: list[tuple[int, int, Slot]] = []
    for m in re.finditer(rf"(?<![A-Z0-9]){re.escape(source.text)}(?![0-9])", text):
        found.append((m.start(), m.end(), IdSlot()))
    for m in _NUMBER.finditer(text):
        if int(m.group()) != source.serial:
            continue
        before = text[max(0, m.start() - 2) : m.start()]
        # The DE line (#0534) and lines naming the station before the serial (classification
        # line, page and section breaks) carry the id; other numbers are prose.
        if "#" in before or _letters_before(text, m.start()).endswith(source.station):
            found.append((m.start(), m.end(), SerialSlot(len(m.group()))))
    return found


def build_template(path: Path, source_path: str) -> Template | None:
    """Cut one corpus file into a template; None when its name is not a usable reference id."""
    source = split_id(source_id_of(path))
    if source is None:
        return None
    text = path.read_bytes().decode("latin-1")
    edits: list[tuple[int, int, Slot]] = _id_slots(text, source)
    dates = _date_slots(text)
    edits += [(start, end, slot) for start, end, slot, _ in dates]
    for m in _DE_JULIAN.finditer(text):
        anchor_year = min(dates, key=lambda d: d[0])[3].year if dates else None
        day = int(m.group(1))
        if anchor_year is not None and 1 <= day <= 366:
            start_of_day = datetime(anchor_year, 1, 1) + timedelta(days=day - 1)
            clock = m.group(2)
            when = start_of_day.replace(hour=int(clock[:2]) % 24, minute=int(clock[2:]) % 60)
            edits.append((m.start(1), m.end(2), JulianSlot(when)))
    edits.sort(key=lambda edit: (edit[0], -edit[1]))
    parts: list[str | Slot] = []
    position = 0
    for start, end, slot in edits:
        if start < position:  # overlapping finds (a serial inside the id): first one wins
            continue
        parts.append(text[position:start])
        parts.append(slot)
        position = end
    parts.append(text[position:])
    first_line = text.split("\n", 1)[0].strip()
    return Template(
        source_path=source_path,
        source_id=source,
        parts=tuple(parts),
        anchor=min(dates, key=lambda d: d[0])[3] if dates else None,
        has_metadata_block=first_line == source.text,
    )


def shift_for(template: Template, copy: int) -> timedelta:
    """Copy ``copy``'s date shift: 1-90 days, backwards when forwards would change the year
    (the year is part of the reference id the parser derives)."""
    delta = timedelta(days=copy % _SHIFT_DAYS + 1)
    anchor = template.anchor
    if anchor is not None and (anchor + delta).year != anchor.year:
        delta = -delta
    return delta


def render(template: Template, copy: int) -> SyntheticCable:
    """Copy number ``copy`` (0, 1, ...) of a template, with its own id and shifted dates."""
    serial = 1 + copy * template.group_size + template.group_index
    new_id = SourceId(template.source_id.year, template.source_id.station, serial)
    delta = shift_for(template, copy)
    text = "".join(
        part if isinstance(part, str) else part.render(new_id, delta) for part in template.parts
    )
    return SyntheticCable(
        cable_id=new_id.text,
        text=text,
        created_at=template.created_at + delta if template.created_at else None,
        origin=template.origin,
        classification=template.classification,
        has_metadata_block=template.has_metadata_block,
    )


def _validated(template: Template) -> Template | str:
    """Parse one copy; keep the template when the parser reads the intended id."""
    from etl.parsing import CableParseError, parse_document

    copy = render(template, VALIDATION_COPY)
    try:
        parsed = parse_document(copy.text.encode("latin-1"), "text")
    except CableParseError as exc:
        return f"not a cable: {exc}"
    if parsed.cable_id != copy.cable_id:
        return f"parser reads id {parsed.cable_id}, expected {copy.cable_id}"
    created = parsed.created_at
    if created is not None:
        created = created.astimezone(UTC).replace(tzinfo=None) - shift_for(
            template, VALIDATION_COPY
        )
    return replace(
        template,
        created_at=created,
        origin=parsed.origin or "",
        classification=parsed.classification or "",
    )


def _validate_chunk(templates: list[Template]) -> list[Template | str]:
    return [_validated(template) for template in templates]


@dataclass(frozen=True, slots=True)
class Pool:
    """The validated templates, in a fixed order, and why the others were left out."""

    templates: tuple[Template, ...]
    sources: int
    excluded: dict[str, str]  # source path → reason


def build_pool(source_dir: Path, *, workers: int = 1) -> Pool:
    """Template every ``*.txt`` under ``source_dir`` and keep those that re-identify cleanly."""
    paths = sorted(source_dir.rglob("*.txt"))
    drafts: list[Template] = []
    excluded: dict[str, str] = {}
    for path in paths:
        name = str(path.relative_to(source_dir))
        template = build_template(path, name)
        if template is None:
            excluded[name] = "file name is not a reference id"
        else:
            drafts.append(template)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, template in enumerate(drafts):
        groups[(template.source_id.year, template.source_id.station)].append(index)
    for members in groups.values():
        for position, index in enumerate(members):
            drafts[index] = replace(drafts[index], group_index=position, group_size=len(members))
    chunks = [drafts[i : i + 100] for i in range(0, len(drafts), 100)]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [r for chunk in pool.map(_validate_chunk, chunks) for r in chunk]
    else:
        results = [r for chunk in chunks for r in _validate_chunk(chunk)]
    kept: list[Template] = []
    for draft, result in zip(drafts, results, strict=True):
        if isinstance(result, str):
            excluded[draft.source_path] = result
        else:
            kept.append(result)
    return Pool(tuple(kept), len(paths), excluded)


def iter_cables(pool: Pool, start: int, count: int) -> Iterator[SyntheticCable]:
    """Cables ``start`` … ``start + count - 1`` of the endless synthetic sequence of a pool:
    cable ``i`` is copy ``i // len(pool)`` of template ``i % len(pool)``."""
    size = len(pool.templates)
    if size == 0:
        raise ValueError("the pool holds no usable source cable")
    for index in range(start, start + count):
        yield render(pool.templates[index % size], index // size)


# --- cables.csv ------------------------------------------------------------------------------

CSV_COLUMNS = ("id", "date", "refid", "origin", "classification", "references", "header", "content")


def _csv_field(value: str) -> str:
    # The release dialect (etl/parsing/release_csv.py) reads a backslash as escaping the next
    # byte, so a backslash of the text is written doubled.
    return '"' + value.replace("\\", "\\\\").replace('"', '""') + '"'


def release_date(value: datetime | None) -> str:
    """A date as cables.csv writes it: ``12/28/1966 18:48``."""
    if value is None:
        return ""
    return f"{value.month}/{value.day}/{value.year} {value.hour:02d}:{value.minute:02d}"


def csv_record(row_number: int, cable: SyntheticCable) -> str:
    """One cables.csv record (8 quoted columns, multi-line fields, ending with a newline)."""
    text = cable.text
    if cable.has_metadata_block:  # its five lines are the record's columns
        text = "".join(text.splitlines(keepends=True)[5:])
    blank = _BLANK_LINE.search(text)
    header, content = (text[: blank.start()], text[blank.end() :]) if blank else ("", text)
    fields = (
        str(row_number),
        release_date(cable.created_at),
        cable.cable_id,
        cable.origin,
        cable.classification,
        "",
        header,
        content,
    )
    return ",".join(_csv_field(field) for field in fields) + "\n"


# --- writing a corpus ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorpusPaths:
    """Where a generated corpus lives."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root / "cables"

    @property
    def csv(self) -> Path:
        return self.root / "cables.csv"

    @property
    def incremental(self) -> Path:
        return self.root / "incremental"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    def first_part(self) -> Path:
        """The first sub-folder (the first ``CABLES_PER_FOLDER`` cables)."""
        return self.folder / "part-0000"


def corpus_paths(base: Path, cables: int) -> CorpusPaths:
    """The folder of the corpus of ``cables`` cables under ``base`` (e.g. ``.cables/bench``)."""
    return CorpusPaths(base / f"corpus-v{GENERATOR_VERSION}-n{cables}")


def read_manifest(paths: CorpusPaths) -> dict[str, object] | None:
    """The manifest of a finished corpus, or None when it is missing or incomplete."""
    try:
        manifest: dict[str, object] = json.loads(paths.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("generator_version") == GENERATOR_VERSION else None


def _write_folder(
    cables: Iterator[SyntheticCable],
    folder: Path,
    per_folder: int | None,
    csv_out: IO[bytes] | None,
) -> int:
    written = 0
    for index, cable in enumerate(cables):
        target = folder / f"part-{index // per_folder:04d}" if per_folder else folder
        if per_folder is None or index % per_folder == 0:
            target.mkdir(parents=True, exist_ok=True)
        data = cable.text.encode("latin-1")
        (target / f"{cable.cable_id}.txt").write_bytes(data)
        written += len(data)
        if csv_out is not None:
            csv_out.write(csv_record(index + 1, cable).encode("latin-1"))
    return written


def write_corpus(
    pool: Pool, paths: CorpusPaths, cables: int, *, incremental: int = 1_000
) -> dict[str, object]:
    """Write ``cables`` cables as a folder and as cables.csv, plus ``incremental`` further new
    cables in their own folder; the manifest is written last (its presence marks completion)."""
    if paths.root.exists():
        shutil.rmtree(paths.root)
    paths.root.mkdir(parents=True)
    with paths.csv.open("wb") as csv_out:
        folder_bytes = _write_folder(
            iter_cables(pool, 0, cables), paths.folder, CABLES_PER_FOLDER, csv_out
        )
    _write_folder(iter_cables(pool, cables, incremental), paths.incremental, None, None)
    manifest: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "cables": cables,
        "incremental_cables": incremental,
        "folder_bytes": folder_bytes,
        "csv_bytes": paths.csv.stat().st_size,
        "pool_templates": len(pool.templates),
        "pool_sources": pool.sources,
        "pool_excluded": len(pool.excluded),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    tmp = paths.manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(tmp, paths.manifest)
    return manifest


def ensure_corpus(
    source_dir: Path, base: Path, cables: int, *, workers: int = 1, incremental: int = 1_000
) -> tuple[CorpusPaths, dict[str, object], bool]:
    """Reuse the corpus of this size and generator version, or build it; True when built."""
    paths = corpus_paths(base, cables)
    manifest = read_manifest(paths)
    if manifest is not None and manifest.get("incremental_cables") == incremental:
        return paths, manifest, False
    pool = build_pool(source_dir, workers=workers)
    return paths, write_corpus(pool, paths, cables, incremental=incremental), True
