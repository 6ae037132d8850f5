"""A second battery of hostile input through one whole load (``load_paths`` on one folder).

What ``test_hostile_input`` does not cover: whitespace-only and all-NUL files, UTF-16 with a
byte order mark (both byte orders), a cable with UTF-8 and cp1252 bytes mixed, a 50 MB single
line, archives nested past the depth limit, zip names with backslash and drive traversal, a tar
with links and devices next to a good member, a truncated gzip, HTML pages holding no cable or
two, a cables.csv with broken quoting, two files with the same reference id and different
text, and file names with a newline, a tab and bidirectional-override characters.

Each input must end published, or listed (``etl.rejects``, so ``unpublished_inputs``) with a
sentence of a reason; every input with bytes is landed verbatim; nothing is lost; the good
cables riding along are all published. Inputs are generated here, none copied from a corpus.
"""

from __future__ import annotations

import gzip
import io
import random
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.pipeline.loading import load_paths

from .conftest import sha256_hex, zip_of

Sql = Callable[..., list[tuple[Any, ...]]]

FIFTY_MB = 50 * 1024 * 1024


def _tar_with_specials(cable: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind in (
            ("symlink", tarfile.SYMTYPE),
            ("hardlink", tarfile.LNKTYPE),
            ("chardev", tarfile.CHRTYPE),
            ("fifo", tarfile.FIFOTYPE),
        ):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "/etc/passwd" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
            archive.addfile(info)
        member = tarfile.TarInfo("inside/cable.txt")
        member.size = len(cable)
        archive.addfile(member, io.BytesIO(cable))
    return buffer.getvalue()


def _page(ref_id: str, body: str) -> str:
    """An invented Cable Viewer page (table + two ``<pre>`` blocks)."""
    return (
        "<table class='cable'><tr><th>Reference ID</th><th>Created</th><th>Released</th>"
        "<th>Classification</th><th>Origin</th></tr>"
        f"<tr><td>{ref_id}</td><td>2009-04-02 08:15</td><td>2011-08-30 01:44</td>"
        "<td>UNCLASSIFIED</td><td>Embassy Hilltown</td></tr></table>"
        "<code><pre>R 020815Z APR 09&#x000A;FM AMEMBASSY HILLTOWN&#x000A;"
        "TO SECSTATE WASHDC 0001</pre></code>"
        f"<code><pre>UNCLAS HILLTOWN 000{ref_id[-3:]}&#x000A;&#x000A;TAGS: PGOV XY&#x000A;"
        f"SUBJECT: AN INVENTED PAGE&#x000A;&#x000A;1. {body}</pre></code>"
    )


def _broken_cables_csv(good_row_id: str) -> bytes:
    header = "id,date,refid,origin,classification,references,header,content\n"
    broken = '1,"2009-04-02 08:15","09HILLTOWN801","Embassy Hilltown","UNCLASSIFIED",""'
    broken += ',"header","text with a "stray" quote and "an open one\n'
    good = (
        f'2,"2009-04-03 09:00","{good_row_id}","Embassy Hilltown","UNCLASSIFIED","",'
        '"R 030900Z APR 09\nFM AMEMBASSY HILLTOWN\nTO SECSTATE WASHDC 0002",'
        '"UNCLAS HILLTOWN 000802\n\nTAGS: PGOV XY\nSUBJECT: A GOOD ROW\n\n1. Text."\n'
    )
    return (header + broken + good).encode()


def _hostile_inputs(spare: list[bytes]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(inputs that carry a good cable and must be published, inputs that must be withheld).

    A cable mixing UTF-8 and cp1252 bytes is withheld: its UTF-8 uses a byte cp1252 leaves
    undefined (``\u201d`` is E2 80 9D), so it is neither encoding, and no guess is published."""
    rng = random.Random(7)
    text = spare[2].decode("utf-8")
    mixed = spare[1].replace(b"\n \n", "\n \nCaf\u00e9 \u201cunder\u201d \n".encode(), 1)
    mixed = mixed.replace(b"\n \n", b"\n \n\x93cp1252 quotes\x94 and caf\xe9\n", 1)
    published = {
        "utf16_bom_le.txt": text.encode("utf-16"),
        "utf16_bom_be.txt": b"\xfe\xff" + spare[3].decode("utf-8").encode("utf-16-be"),
        "new\nline\tand \u202eevil\u202c.txt": spare[4],
    }
    withheld = {
        "mixed_encodings.txt": mixed,
        "whitespace_only.txt": b" \t\r\n\n   \r\n\x0b\x0c \n",
        "all_nuls.txt": b"\x00" * 8192,
        "junk.png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(32 * 1024),
        "one_line_50mb.txt": b"Z" * FIFTY_MB,
        "no_cable.html": b"<html><head><title>404</title></head><body><h1>Not Found</h1>"
        b"<p>The page you asked for is not on this mirror.</p></body></html>",
        "two_cables.html": (
            "<html><body>"
            + _page("09HILLTOWN901", "First invented cable.")
            + _page("09HILLTOWN902", "Second invented cable.")
            + "</body></html>"
        ).encode(),
    }
    return published, withheld


@pytest.mark.slow
def test_second_hostile_battery_every_input_is_published_or_listed_with_a_reason(
    tmp_path: Path,
    fresh_warehouse: str,
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
) -> None:
    inbox = tmp_path / "inbox"
    good = make_variants(inbox / "good", 30)
    spare = [path.read_bytes() for path in make_variants(tmp_path / "spare", 42)[30:]]
    published, withheld = _hostile_inputs(spare)
    for name, data in {**published, **withheld}.items():
        (inbox / name).write_bytes(data)

    # Archives: nested past the depth limit, traversal names, specials, a truncated gzip.
    onion = spare[5]
    for depth in range(12):
        onion = zip_of({f"level{depth}.zip" if depth else "deep.txt": onion})
    (inbox / "onion.zip").write_bytes(onion)
    traversal = {"..\\..\\windows_escape.txt": spare[6], "C:\\temp\\drive.txt": spare[7]}
    (inbox / "backslash.zip").write_bytes(zip_of(traversal))
    (inbox / "specials.tar").write_bytes(_tar_with_specials(spare[8]))
    truncated = gzip.compress(spare[9])
    (inbox / "truncated.txt.gz").write_bytes(truncated[: len(truncated) // 2])
    (inbox / "cables.csv").write_bytes(_broken_cables_csv("09HILLTOWN802"))
    # Two files claiming one reference id with different text.
    duplicate = spare[10].replace(b"\n \n", b"\n \nA sentence only this copy has.\n", 1)
    assert duplicate != spare[10]
    (inbox / "dup_first.txt").write_bytes(spare[10])
    (inbox / "dup_second.txt").write_bytes(duplicate)

    summary = load_paths([inbox], database_url=fresh_warehouse, workers=1)

    assert summary.published, f"{summary.status}: {summary.error}"
    landed = {
        str(sha): (int(doc_id), str(path), cable_id)
        for sha, doc_id, path, cable_id in sql(
            fresh_warehouse,
            "SELECT d.sha256, d.document_id, b.source_path, d.cable_id FROM etl.batch_documents b"
            " JOIN etl.raw_documents d USING (document_id) WHERE b.batch_id = %s",
            summary.batch_id,
        )
    }
    sources = {int(doc) for (doc,) in sql(fresh_warehouse, "SELECT source_document_id FROM cables")}
    reasons = {
        int(doc): str(reason)
        for doc, reason in sql(
            fresh_warehouse,
            "SELECT document_id, reason FROM etl.rejects WHERE document_id IS NOT NULL",
        )
    }
    listed = {
        str(path): str(reason)
        for path, reason in sql(
            fresh_warehouse, "SELECT source_path, reason FROM unpublished_inputs"
        )
    }

    # Every input with bytes is landed verbatim.
    for data in [*(p.read_bytes() for p in good), *published.values(), *withheld.values()]:
        assert sha256_hex(data) in landed
    for data in [*traversal.values(), spare[8], duplicate, spare[10]]:
        assert sha256_hex(data) in landed
    # Nothing is lost: every landed document is a published cable's, or listed with a reason.
    for document_id, path, _cable_id in landed.values():
        assert document_id in sources or len(listed.get(path, "")) > 20, path
    # The good cables and the good cables in awkward forms are published.
    for data in [*(p.read_bytes() for p in good), *published.values(), *traversal.values()]:
        document_id, path, _ = landed[sha256_hex(data)]
        assert document_id in sources, f"{path}: {reasons.get(document_id)}"
    assert landed[sha256_hex(spare[8])][0] in sources  # the tar's regular member
    # What must not become a cable is listed, with its own reason.
    for name, data in withheld.items():
        document_id, path, _ = landed[sha256_hex(data)]
        assert document_id not in sources, name
        assert path in listed and len(listed[path]) > 20, name
    assert "UTF-8" in listed[str(inbox / "mixed_encodings.txt")]
    two = listed[str(inbox / "two_cables.html")]
    assert "09HILLTOWN901" in two and "09HILLTOWN902" in two
    assert not sql(fresh_warehouse, "SELECT 1 FROM cables WHERE cable_id LIKE %s", "09HILLTOWN90%")

    # Names are recorded literally (newline, tab and override characters kept).
    odd = str(inbox / "new\nline\tand \u202eevil\u202c.txt")
    assert landed[sha256_hex(published["new\nline\tand \u202eevil\u202c.txt"])][1] == odd
    # Traversal names stay inside the archive's namespace.
    for data in traversal.values():
        member = landed[sha256_hex(data)][1].split("!", 1)[1]
        assert ".." not in member.replace("\\", "/").split("/") and ":" not in member, member
    # Past the depth limit: the archive is kept and listed, its depth named.
    onion_reason = " ".join(
        reason for path, reason in listed.items() if path.startswith(str(inbox / "onion.zip"))
    )
    assert "nested" in onion_reason
    # The tar's links and devices are listed, not followed.
    specials = {p: r for p, r in listed.items() if p.startswith(str(inbox / "specials.tar") + "!")}
    for name in ("symlink", "hardlink", "chardev", "fifo"):
        assert f"{inbox / 'specials.tar'}!{name}" in specials, sorted(specials)
    # A truncated gzip is kept and listed as damaged.
    assert sha256_hex(truncated[: len(truncated) // 2]) in landed or any(
        path.startswith(str(inbox / "truncated.txt.gz")) for path in listed
    )
    assert any(path.startswith(str(inbox / "truncated.txt.gz")) for path in listed)
    # cables.csv: the broken record is listed, the good one after it is published.
    assert sql(fresh_warehouse, "SELECT 1 FROM cables WHERE cable_id = '09HILLTOWN802'")
    assert any(path.startswith(str(inbox / "cables.csv")) for path in listed)
    # Same id, different text: one cable; the other copy is listed saying which one won.
    first, second = landed[sha256_hex(spare[10])], landed[sha256_hex(duplicate)]
    assert first[2] == second[2] and first[2] is not None
    assert len(sql(fresh_warehouse, "SELECT 1 FROM cables WHERE cable_id = %s", first[2])) == 1
    loser = second if first[0] in sources else first
    assert loser[0] not in sources
    assert loser[1] in listed and first[2] in listed[loser[1]], listed.get(loser[1])
