"""Archives are read in memory: every format, nesting, hostile names, bombs, damage."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import tarfile
import zipfile
from pathlib import Path

import pytest

from etl.ingest import IngestLimits, InputDocument, InputItem, InputProblem, iter_inputs

CABLE = b"UNCLAS SECTION 01 OF 02 PHNOM PENH 001092\n\nSUBJECT: TEST\n"
PAGE = b"<!DOCTYPE html>\n<html><table class='cable'><tr><td>x</td></tr></table><pre>VZCZC</pre>"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _read(path: Path, limits: IngestLimits | None = None) -> list[InputItem]:
    return list(iter_inputs([path], limits or IngestLimits()))


def _landed(items: list[InputItem]) -> dict[str, bytes]:
    """Documents to parse."""
    return {
        item.source_path: item.data
        for item in items
        if isinstance(item, InputDocument) and item.withheld is None
    }


def _kept(items: list[InputItem]) -> dict[str, bytes]:
    """Documents kept as received but withheld from parsing."""
    return {
        item.source_path: item.data
        for item in items
        if isinstance(item, InputDocument) and item.withheld is not None
    }


def _problems(items: list[InputItem]) -> dict[str, str]:
    return {item.source_path: item.reason for item in items if isinstance(item, InputProblem)}


def _reasons(items: list[InputItem]) -> dict[str, str]:
    """Why each path is a reject: unreadable, or kept but withheld."""
    withheld = {
        item.source_path: item.withheld
        for item in items
        if isinstance(item, InputDocument) and item.withheld is not None
    }
    return {**_problems(items), **withheld}


@pytest.mark.parametrize(
    ("file_name", "payload"),
    [
        ("bundle.zip", _zip({"a/one.txt": CABLE, "two.html": PAGE})),
        ("bundle.tar", _tar({"a/one.txt": CABLE, "two.html": PAGE})),
        ("bundle.tar.gz", _tar({"a/one.txt": CABLE, "two.html": PAGE}, "w:gz")),
        ("bundle.tgz", _tar({"a/one.txt": CABLE, "two.html": PAGE}, "w:gz")),
        ("bundle.tar.bz2", _tar({"a/one.txt": CABLE, "two.html": PAGE}, "w:bz2")),
        ("bundle.tar.xz", _tar({"a/one.txt": CABLE, "two.html": PAGE}, "w:xz")),
    ],
)
def test_multi_member_archives(tmp_path: Path, file_name: str, payload: bytes) -> None:
    path = tmp_path / file_name
    path.write_bytes(payload)

    items = _read(path)

    assert _landed(items) == {f"{path}!a/one.txt": CABLE, f"{path}!two.html": PAGE}
    formats = {item.source_path: item.fmt for item in items if isinstance(item, InputDocument)}
    assert formats == {f"{path}!a/one.txt": "text", f"{path}!two.html": "html"}


@pytest.mark.parametrize(
    ("file_name", "compress", "inner"),
    [
        ("cable.txt.gz", gzip.compress, "cable.txt"),
        ("cable.txt.bz2", bz2.compress, "cable.txt"),
        ("cable.txt.xz", lzma.compress, "cable.txt"),
    ],
)
def test_single_file_compression(
    tmp_path: Path, file_name: str, compress: object, inner: str
) -> None:
    path = tmp_path / file_name
    assert callable(compress)
    path.write_bytes(compress(CABLE))

    assert _landed(_read(path)) == {f"{path}!{inner}": CABLE}


def test_nested_archives_are_opened(tmp_path: Path) -> None:
    inner_tar = _tar({"deep.txt": CABLE}, "w:gz")
    middle_zip = _zip({"inner.tar.gz": inner_tar, "side.txt.gz": gzip.compress(PAGE)})
    path = tmp_path / "outer.zip"
    path.write_bytes(_zip({"middle.zip": middle_zip}))

    assert _landed(_read(path)) == {
        f"{path}!middle.zip!inner.tar.gz!deep.txt": CABLE,
        f"{path}!middle.zip!side.txt.gz!side.txt": PAGE,
    }


def test_nesting_depth_is_bounded(tmp_path: Path) -> None:
    payload = CABLE
    for _ in range(5):
        payload = gzip.compress(payload)
    path = tmp_path / "onion.gz"
    path.write_bytes(payload)

    assert len(_landed(_read(path, IngestLimits(max_nesting_depth=5)))) == 1
    items = _read(path, IngestLimits(max_nesting_depth=3))
    assert _landed(items) == {}
    [(where, reason)] = _problems(items).items()
    assert where.startswith(str(path)) and "nested more than 3" in reason
    assert _kept(items) == {str(path): payload}  # what was not opened is not lost


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_traversal_names_are_landed_under_sanitised_names(tmp_path: Path, kind: str) -> None:
    members = {"../../escape.txt": CABLE, "/etc/absolute.txt": PAGE, "./fine.txt": b"ok"}
    path = tmp_path / f"evil.{kind}"
    path.write_bytes(_zip(members) if kind == "zip" else _tar(members))

    items = _read(path)

    assert _landed(items) == {
        f"{path}!escape.txt": CABLE,
        f"{path}!etc/absolute.txt": PAGE,
        f"{path}!fine.txt": b"ok",
    }
    notes = {item.source_path: item.note for item in items if isinstance(item, InputDocument)}
    assert notes[f"{path}!fine.txt"] is None
    assert "../../escape.txt" in (notes[f"{path}!escape.txt"] or "")
    assert "points outside" in (notes[f"{path}!etc/absolute.txt"] or "")
    # Nothing was written next to the archive or above it.
    assert sorted(p.name for p in tmp_path.parent.rglob("*escape*")) == []


def test_member_over_document_limit_is_a_problem_and_the_rest_continues(tmp_path: Path) -> None:
    path = tmp_path / "mixed.zip"
    path.write_bytes(_zip({"big.txt": b"A" * 5000, "small.txt": CABLE}))

    items = _read(path, IngestLimits(max_document_bytes=4096))

    assert _landed(items) == {f"{path}!small.txt": CABLE}
    assert "larger than 4,096 bytes" in _problems(items)[f"{path}!big.txt"]
    assert _kept(items) == {str(path): path.read_bytes()}


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "gz"])
def test_decompression_bomb_stops_at_the_archive_limit(tmp_path: Path, kind: str) -> None:
    zeros = b"\0" * (8 * 1024 * 1024)
    if kind == "zip":
        payload = _zip({f"part{n}.txt": zeros for n in range(4)})
    elif kind == "tar.gz":
        payload = _tar({f"part{n}.txt": zeros for n in range(4)}, "w:gz")
    else:
        payload = gzip.compress(zeros * 4)
    path = tmp_path / f"bomb.{kind}"
    path.write_bytes(payload)
    assert len(payload) < 200_000  # a real bomb: tiny on disk

    limits = IngestLimits(max_archive_bytes=20 * 1024 * 1024, max_document_bytes=64 * 1024 * 1024)
    items = _read(path, limits)

    reasons = _reasons(items)
    assert "more than 20,971,520 bytes" in reasons[str(path)]
    assert "decompression bomb" in reasons[str(path)]
    assert len(_landed(items)) < 3  # stopped early instead of landing all 32 MiB
    assert _kept(items) == {str(path): payload}  # the bomb itself is small and kept


def test_lying_zip_header_size_is_not_trusted(tmp_path: Path) -> None:
    """A header claiming a tiny size must not let a big member through the document limit."""
    data = bytearray(_zip({"liar.txt": b"B" * 10_000}))
    # Patch the uncompressed size in the central directory to 10 bytes; zipfile then stops
    # reading early or fails its CRC check, but never returns more than the limit allows.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))

    items = _read(path, IngestLimits(max_document_bytes=4096))

    for item in items:
        assert not isinstance(item, InputDocument) or len(item.data) <= 4096
    assert items, "the member was neither landed nor reported"


def test_damaged_archives_are_reported_not_raised(tmp_path: Path) -> None:
    truncated_gz = tmp_path / "truncated.txt.gz"
    truncated_gz.write_bytes(gzip.compress(CABLE * 100)[:60])
    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(b"PK\x03\x04" + b"garbage" * 20)
    after = tmp_path / "zz-after.txt"
    after.write_bytes(CABLE)

    items = list(iter_inputs([tmp_path]))

    reasons = _reasons(items)
    assert "cut short" in reasons[str(truncated_gz)]
    assert "cannot be opened" in reasons[str(broken_zip)]
    assert _landed(items)[str(after)] == CABLE  # the walk went on
    kept = _kept(items)
    assert kept == {p: Path(p).read_bytes() for p in (str(truncated_gz), str(broken_zip))}


def test_links_and_special_members_in_tar_are_not_followed(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        link = tarfile.TarInfo("passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
        fifo = tarfile.TarInfo("pipe")
        fifo.type = tarfile.FIFOTYPE
        archive.addfile(fifo)
        info = tarfile.TarInfo("real.txt")
        info.size = len(CABLE)
        archive.addfile(info, io.BytesIO(CABLE))
    path = tmp_path / "links.tar"
    path.write_bytes(buffer.getvalue())

    items = _read(path)

    assert _landed(items) == {f"{path}!real.txt": CABLE}
    problems = _problems(items)
    assert "links are not followed" in problems[f"{path}!passwd"]
    assert "not a regular file" in problems[f"{path}!pipe"]


def test_hidden_and_junk_members_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mac.zip"
    path.write_bytes(
        _zip({"__MACOSX/._cable.txt": b"junk", ".DS_Store": b"junk", "cable.txt": CABLE})
    )

    assert _landed(_read(path)) == {f"{path}!cable.txt": CABLE}


def test_cables_csv_inside_zip(tmp_path: Path, build_cables_csv: object) -> None:
    assert callable(build_cables_csv)
    path = tmp_path / "release.zip"
    path.write_bytes(_zip({"data/cables.csv": build_cables_csv()}))

    documents = [item for item in _read(path) if isinstance(item, InputDocument)]

    assert [doc.source_path for doc in documents] == [
        f"{path}!data/cables.csv#row={n}" for n in range(1, 6)
    ]
    assert {doc.fmt for doc in documents} == {"csv-row"}


def _cables(count: int) -> dict[str, bytes]:
    """Distinct cables of a few KiB each, poorly compressible so that a cut lands mid-way."""
    members = {}
    for n in range(count):
        words = " ".join(hashlib.sha256(f"{n}-{i}".encode()).hexdigest() for i in range(60))
        members[f"c{n:02d}.txt"] = CABLE + f"1. Cable {n}: {words}\n".encode()
    return members


@pytest.mark.parametrize(
    ("mode", "count", "level"),
    # bzip2 gives nothing of a block until the block is whole: small blocks, several of them.
    [("w:gz", 10, 9), ("w:bz2", 100, 1), ("w:xz", 10, 6)],
)
def test_a_truncated_compressed_tar_lands_every_whole_member_and_keeps_the_file(
    tmp_path: Path, mode: str, count: int, level: int
) -> None:
    members = _cables(count)
    buffer = io.BytesIO()
    options = {"preset": level} if mode == "w:xz" else {"compresslevel": level}
    with tarfile.open(fileobj=buffer, mode=mode, **options) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    payload = buffer.getvalue()
    path = tmp_path / f"cut.tar.{mode[2:]}"
    path.write_bytes(payload[: len(payload) // 2])

    items = _read(path)

    landed = _landed(items)
    whole = [name for name in members if f"{path}!{name}" in landed]
    assert 0 < len(whole) < len(members)
    assert whole == list(members)[: len(whole)]  # every member before the cut, in order
    assert all(landed[f"{path}!{name}"] == members[name] for name in whole)
    assert "cut short" in _reasons(items)[str(path)]
    assert _kept(items) == {str(path): path.read_bytes()}


def test_a_gz_with_a_bad_crc_lands_nothing_unchecked_but_keeps_the_file(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(CABLE * 20))
    data[-8] ^= 0xFF  # the CRC-32 in the trailer
    path = tmp_path / "cable.txt.gz"
    path.write_bytes(bytes(data))

    items = _read(path)

    assert _landed(items) == {}
    assert "checksum" in _reasons(items)[str(path)]
    assert _kept(items) == {str(path): bytes(data)}


def test_concatenated_and_zero_padded_gzip_members_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt.gz"
    path.write_bytes(gzip.compress(CABLE) + gzip.compress(PAGE) + b"\0" * 512)

    items = _read(path)

    assert _landed(items) == {f"{path}!cable.txt": CABLE + PAGE}
    assert _kept(items) == {}


def test_a_zip_with_a_bad_crc_lands_its_good_members_and_keeps_the_file(tmp_path: Path) -> None:
    members = _cables(4)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    damaged = bytearray(buffer.getvalue())
    damaged[damaged.index(b"1. Cable 2") + 3] ^= 0x01
    path = tmp_path / "bad-crc.zip"
    path.write_bytes(bytes(damaged))

    items = _read(path)

    assert _landed(items) == {f"{path}!{n}": members[n] for n in members if n != "c02.txt"}
    assert "CRC" in _problems(items)[f"{path}!c02.txt"]
    assert _kept(items) == {str(path): bytes(damaged)}


def _zip_without_central_directory(members: dict[str, bytes], *, streamed: bool) -> bytes:
    buffer = io.BytesIO()
    # Written to a pipe-like stream, zipfile puts each member's sizes after its data.
    target: io.RawIOBase | io.BytesIO = _Unseekable(buffer) if streamed else buffer
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    return data[: data.index(b"PK\x01\x02")]


class _Unseekable(io.RawIOBase):
    def __init__(self, inner: io.BytesIO) -> None:
        self._inner = inner

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return self._inner.write(data)


@pytest.mark.parametrize("streamed", [False, True], ids=["sizes-in-header", "data-descriptors"])
def test_a_zip_without_central_directory_is_read_from_its_local_headers(
    tmp_path: Path, streamed: bool
) -> None:
    members = _cables(5)
    path = tmp_path / "no-index.zip"
    path.write_bytes(_zip_without_central_directory(members, streamed=streamed))

    items = _read(path)

    assert _landed(items) == {f"{path}!{name}": data for name, data in members.items()}
    assert "no readable index" in _reasons(items)[str(path)]
    assert _kept(items) == {str(path): path.read_bytes()}


def test_a_zip_cut_inside_a_member_lands_the_members_before_it(tmp_path: Path) -> None:
    members = _cables(5)
    payload = _zip(members)
    cut = payload.index(b"c03.txt") + 200  # inside the fourth member's data
    path = tmp_path / "cut.zip"
    path.write_bytes(payload[:cut])

    items = _read(path)

    assert _landed(items) == {f"{path}!{n}": members[n] for n in ("c00.txt", "c01.txt", "c02.txt")}
    assert "cut short" in _problems(items)[f"{path}!c03.txt"]
    assert _kept(items) == {str(path): payload[:cut]}


def test_a_truncated_gzipped_cables_csv_lands_the_records_before_the_cut(
    tmp_path: Path, build_cables_csv: object
) -> None:
    assert callable(build_cables_csv)
    payload = gzip.compress(build_cables_csv())
    path = tmp_path / "cables.csv.gz"
    path.write_bytes(payload[: len(payload) * 2 // 3])

    items = _read(path)

    rows = [
        item for item in items if isinstance(item, InputDocument) and "#row=" in item.source_path
    ]
    assert 0 < len(rows) < 5
    assert all(row.withheld is None for row in rows)
    cut_row = f"{path}!cables.csv#row={len(rows) + 1}"
    assert "cut short" in _problems(items)[cut_row]
    assert _kept(items) == {str(path): path.read_bytes()}


@pytest.mark.parametrize(
    ("raw_name", "landed_as"),
    [
        ("..\\..\\windows.txt", "windows.txt"),
        ("C:\\Windows\\drive.txt", "Windows/drive.txt"),
        ("C:/drive-slash.txt", "drive-slash.txt"),
        ("\\\\server\\share\\unc.txt", "server/share/unc.txt"),
        ("a/../../up.txt", "a/up.txt"),
        ("./././dots.txt", "dots.txt"),
        ("//double//slash.txt", "double/slash.txt"),
    ],
)
def test_zip_slip_spellings_are_landed_under_harmless_names(
    tmp_path: Path, raw_name: str, landed_as: str
) -> None:
    path = tmp_path / "slip.zip"
    path.write_bytes(_zip({raw_name: CABLE}))

    items = _read(path)

    assert _landed(items) == {f"{path}!{landed_as}": CABLE}
    assert not list(tmp_path.parent.rglob(f"*{landed_as.rsplit('/', 1)[-1]}"))


def test_devices_and_hard_links_in_a_tar_are_not_read(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind in (("chr", tarfile.CHRTYPE), ("blk", tarfile.BLKTYPE)):
            device = tarfile.TarInfo(name)
            device.type = kind
            device.devmajor, device.devminor = 1, 3
            archive.addfile(device)
        hard = tarfile.TarInfo("hard")
        hard.type = tarfile.LNKTYPE
        hard.linkname = "/etc/shadow"
        archive.addfile(hard)
        info = tarfile.TarInfo("real.txt")
        info.size = len(CABLE)
        archive.addfile(info, io.BytesIO(CABLE))
    path = tmp_path / "devices.tar"
    path.write_bytes(buffer.getvalue())

    items = _read(path)

    assert _landed(items) == {f"{path}!real.txt": CABLE}
    problems = _problems(items)
    assert "not a regular file" in problems[f"{path}!chr"]
    assert "not a regular file" in problems[f"{path}!blk"]
    assert "links are not followed" in problems[f"{path}!hard"]
    assert _kept(items) == {}  # nothing with content of its own was lost


@pytest.mark.parametrize(("suffix", "compress"), [("bz2", bz2.compress), ("xz", lzma.compress)])
def test_bz2_and_xz_bombs_stop_at_the_archive_limit(
    tmp_path: Path, suffix: str, compress: object
) -> None:
    assert callable(compress)
    payload = compress(b"\0" * (64 * 1024 * 1024))
    path = tmp_path / f"bomb.txt.{suffix}"
    path.write_bytes(payload)
    assert len(payload) < 200_000

    items = _read(path, IngestLimits(max_archive_bytes=8 * 1024 * 1024))

    assert _landed(items) == {}
    assert "decompression bomb" in _reasons(items)[str(path)]
    assert _kept(items) == {str(path): payload}


def test_a_zip_of_100000_members_is_read_whole(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(100_000):
            archive.writestr(f"m{n}.txt", b"")
    path = tmp_path / "many.zip"
    path.write_bytes(buffer.getvalue())

    count = sum(1 for item in iter_inputs([path]) if isinstance(item, InputDocument))

    assert count == 100_000
    limited = _read(path, IngestLimits(max_archive_members=1_000))
    assert len(_landed(limited)) == 1_000
    assert "more than 1,000 members" in _reasons(limited)[str(path)]
