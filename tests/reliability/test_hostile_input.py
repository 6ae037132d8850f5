"""Hostile and broken input through the whole pipeline (``load_paths`` on one folder).

Every input is landed verbatim where it has bytes, and is either published or listed in
``etl.rejects`` with a reason; the batch itself is always published. About thirty good cables
ride along so that the batch's reject rate stays under the default threshold (0.5), which is
what an operator dropping a few bad files into a normal inbox would see.
"""

from __future__ import annotations

import gzip
import io
import os
import secrets
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.parsing import parse_document
from etl.pipeline.loading import load_paths

from .conftest import CABLES_SCRIPT, cables_env, sha256_hex, zip_of

Sql = Callable[..., list[tuple[Any, ...]]]

SQL_SUBJECT = "'; DROP TABLE cables; -- $(rm -rf /) `touch /tmp/pwned` && echo pwned"
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024


def _replace_subject(cable: bytes, subject: str) -> bytes:
    lines = cable.split(b"\n")
    lines[1] = subject.encode()  # line 2 of the metadata block is the subject
    return b"\n".join(lines)


def _tar(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.slow
def test_hostile_folder_is_landed_and_each_input_published_or_rejected_with_a_reason(
    tmp_path: Path,
    fresh_warehouse: str,
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CABLES_MAX_ARCHIVE_BYTES", str(MAX_ARCHIVE_BYTES))
    inbox = tmp_path / "inbox"
    good = make_variants(inbox / "good", 28)
    # Ten more distinct cables (outside the inbox) to wrap in hostile names and encodings.
    spare = [path.read_bytes() for path in make_variants(tmp_path / "spare", 38)[28:]]
    token = secrets.token_hex(8)

    # Inputs that carry a good cable in an awkward form: each must be published.
    sql_cable = _replace_subject(spare[0], SQL_SUBJECT)
    sql_cable = sql_cable.replace(b"\n \n", b"\n \nRobert'); DROP TABLE students;-- $(reboot)\n", 1)
    odd_names = {
        "cable with spaces \u00fc \u6771\u4eac.txt": spare[1],
        os.fsdecode(b"undecodable \xff name.txt"): spare[2],
    }
    cp1252_crlf = spare[3].decode("utf-8").replace("\n", "\r\n").encode("cp1252")
    traversal_members = {f"../../{token}.txt": spare[4], f"/tmp/{token}-abs.txt": spare[5]}

    published_inputs: dict[str, bytes] = {"sql.txt": sql_cable, "cp1252_crlf.txt": cp1252_crlf}
    published_inputs.update(odd_names)
    # Inputs that are broken or not cables: each must be landed and then published or rejected.
    either_inputs: dict[str, bytes] = {
        "empty.txt": b"",
        "random.bin": os.urandom(64 * 1024),
        "nul_bytes.txt": spare[6][:800] + b"\x00\x00 \x00" + spare[6][800:],
        "utf16_no_bom.txt": spare[7].decode("utf-8").encode("utf-16-le"),
        "not_a_cable_20mb.txt": b"The quick brown fox jumps over the lazy dog.\n" * 466_034,
        "one_line_10mb.txt": b"A" * (10 * 1024 * 1024),
        "truncated.txt": spare[8][: len(spare[8]) // 3],
        "mojibake.txt": spare[9]
        .decode("utf-8")
        .encode("utf-8")
        .decode("cp1252", "replace")
        .encode("utf-8"),
    }
    for name, data in {**published_inputs, **either_inputs}.items():
        (inbox / name).write_bytes(data)
    (inbox / "traversal.zip").write_bytes(zip_of(traversal_members))
    (inbox / "traversal.tar").write_bytes(_tar(traversal_members))
    (inbox / "bomb.txt.gz").write_bytes(gzip.compress(b"\0" * (4 * MAX_ARCHIVE_BYTES)))
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"a file outside the inbox")
    links = {
        "link_inside.txt": good[0],
        "link_outside.txt": outside,
        "link_broken.txt": inbox / "missing.txt",
    }
    for name, target in links.items():
        (inbox / name).symlink_to(target)
    (inbox / "link_loop.txt").symlink_to(inbox / "link_loop.txt")

    summary = load_paths([inbox], database_url=fresh_warehouse, workers=1)

    assert summary.published, f"{summary.status}: {summary.error}"
    # Nothing of the archives was written anywhere: members are read in memory only.
    assert not Path(f"/tmp/{token}-abs.txt").exists()
    assert not list(tmp_path.parent.parent.glob(f"**/{token}*"))

    landed = {
        str(sha): (int(doc_id), str(path))
        for sha, doc_id, path in sql(
            fresh_warehouse,
            "SELECT d.sha256, d.document_id, b.source_path FROM etl.batch_documents b "
            "JOIN etl.raw_documents d USING (document_id) WHERE b.batch_id = %s",
            summary.batch_id,
        )
    }
    published_documents = {
        int(str(doc)) for (doc,) in sql(fresh_warehouse, "SELECT source_document_id FROM cables")
    }
    reasons: dict[int, str] = {
        int(str(doc)): str(reason)
        for doc, reason in sql(
            fresh_warehouse,
            "SELECT document_id, reason FROM etl.rejects WHERE document_id IS NOT NULL",
        )
    }

    # Every input with bytes is landed verbatim (archive members by their own bytes) ...
    for data in [p.read_bytes() for p in good] + [*published_inputs.values()]:
        assert sha256_hex(data) in landed
    for name, data in either_inputs.items():
        assert sha256_hex(data) in landed, f"{name} was not landed"
    for data in traversal_members.values():
        assert sha256_hex(data) in landed
    # ... and ends up published or rejected with a sentence of a reason.
    for document_id, path in landed.values():
        assert document_id in published_documents or len(reasons.get(document_id, "")) > 20, path
    for data in [*published_inputs.values(), *traversal_members.values()]:
        document_id, path = landed[sha256_hex(data)]
        assert document_id in published_documents, f"{path}: {reasons.get(document_id)}"
    for name in ("empty.txt", "random.bin", "not_a_cable_20mb.txt", "one_line_10mb.txt"):
        document_id, _ = landed[sha256_hex(either_inputs[name])]
        assert document_id not in published_documents, name

    # Archive members keep a recognisable but harmless name.
    member_paths = [landed[sha256_hex(data)][1] for data in traversal_members.values()]
    for path in member_paths:
        member = path.split("!", 1)[1]
        assert ".." not in member.split("/") and not member.startswith("/"), path

    # Odd names are recorded as given (undecodable bytes shown escaped, never dropped).
    recorded = {
        str(p) for (p,) in sql(fresh_warehouse, "SELECT source_path FROM etl.batch_documents")
    }
    assert str(inbox / "cable with spaces \u00fc \u6771\u4eac.txt") in recorded
    assert any("undecodable" in p and p.endswith("name.txt") for p in recorded)

    # What could not be read at all is a 'land' reject with its reason.
    land_rejects = {
        str(path): str(reason)
        for path, reason in sql(
            fresh_warehouse,
            "SELECT source_path, reason FROM etl.rejects WHERE batch_id = %s AND stage = 'land'",
            summary.batch_id,
        )
    }
    assert "outside" in land_rejects[str(inbox / "link_outside.txt")]
    assert "broken" in land_rejects[str(inbox / "link_broken.txt")]
    assert "loop" in land_rejects[str(inbox / "link_loop.txt")]
    assert "decompression bomb" in land_rejects[str(inbox / "bomb.txt.gz")]
    assert sha256_hex(outside.read_bytes()) not in landed
    # A link inside the inbox is followed; its content is the target's, landed once.
    assert landed[sha256_hex(good[0].read_bytes())][0] in published_documents

    # SQL and shell syntax is stored as plain text and executed nowhere.
    subject_rows = sql(
        fresh_warehouse, "SELECT subject, body FROM cables WHERE subject = %s", SQL_SUBJECT
    )
    assert len(subject_rows) == 1
    assert "Robert'); DROP TABLE students;-- $(reboot)" in str(subject_rows[0][1])
    assert not Path("/tmp/pwned").exists()
    expected_cables = len(good) + len(published_inputs) + len(traversal_members)
    assert sql(fresh_warehouse, "SELECT count(*) FROM cables")[0][0] >= expected_cables

    # cp1252 with CRLF reads exactly like the UTF-8 original.
    original = parse_document(spare[3], "text")
    stored = [
        str(text)
        for (text,) in sql(
            fresh_warehouse,
            "SELECT text FROM paragraphs WHERE cable_id = %s ORDER BY position",
            original.cable_id,
        )
    ]
    assert stored == [p.text for p in original.paragraphs]


def _without_read_override() -> list[str]:
    """Command prefix that makes root subject to file permissions like any user (by dropping
    the capabilities that bypass them); empty for other users, who already are."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip(
            "running as root and setpriv (util-linux) is missing: cannot drop the "
            "capabilities that let root read unreadable files"
        )
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.slow
def test_unreadable_file_is_a_land_reject_and_the_rest_is_published(
    tmp_path: Path,
    tcp_server: Callable[..., str],
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
) -> None:
    # A TCP server: without its capabilities root cannot reach the embedded server's socket
    # (inside a 0700 data folder owned by another user).
    url = tcp_server()
    inbox = tmp_path / "inbox"
    good = make_variants(inbox, 4)
    locked = inbox / "locked.txt"
    locked.write_bytes(good[0].read_bytes().replace(b"90000", b"98765"))
    locked.chmod(0)

    try:
        result = subprocess.run(
            [*_without_read_override(), str(CABLES_SCRIPT), "load", str(inbox)],
            env=cables_env(url, tmp_path / "home"),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        locked.chmod(0o644)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rejects = sql(url, "SELECT source_path, stage, reason FROM etl.rejects")
    assert (str(locked), "land", "Permission denied: this user may not read it.") in rejects
    assert sql(url, "SELECT count(*) FROM cables")[0][0] == len(good)
