"""Walking user paths: order, skipped names, odd names, links, unreadable things, totals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.ingest import (
    InputDocument,
    InputItem,
    InputProblem,
    discovery,
    estimate_total,
    iter_inputs,
)

CABLE = b"UNCLAS SECTION 01 OF 02 PHNOM PENH 001092\n\nSUBJECT: TEST\n"


def _landed(items: list[InputItem]) -> dict[str, bytes]:
    return {item.source_path: item.data for item in items if isinstance(item, InputDocument)}


def _problems(items: list[InputItem]) -> dict[str, str]:
    return {item.source_path: item.reason for item in items if isinstance(item, InputProblem)}


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a" / "deep").mkdir(parents=True)
    (root / "b" / "2.txt").write_bytes(b"two")
    (root / "a" / "deep" / "1.txt").write_bytes(b"one")
    (root / "c.txt").write_bytes(b"three")
    (root / ".hidden.txt").write_bytes(b"hidden")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_bytes(b"hidden")
    (root / "draft.txt~").write_bytes(b"editor backup")
    (root / "upload.txt.part").write_bytes(b"still arriving")


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_temp(tmp_path: Path) -> None:
    _tree(tmp_path)

    items = list(iter_inputs([tmp_path]))

    assert [item.source_path for item in items] == [
        f"{tmp_path}/a/deep/1.txt",
        f"{tmp_path}/b/2.txt",
        f"{tmp_path}/c.txt",
    ]
    assert all(isinstance(item, InputDocument) for item in items)
    assert list(iter_inputs([tmp_path])) == items  # deterministic


def test_a_hidden_folder_named_by_the_user_is_read(tmp_path: Path) -> None:
    inbox = tmp_path / ".cables" / "inbox"
    inbox.mkdir(parents=True)
    (inbox / "cable.txt").write_bytes(CABLE)

    assert _landed(list(iter_inputs([inbox]))) == {f"{inbox}/cable.txt": CABLE}


def test_names_with_spaces_non_ascii_and_undecodable_bytes(tmp_path: Path) -> None:
    (tmp_path / "my cable ¶ São Paulo.txt").write_bytes(CABLE)
    (tmp_path / "日本語.txt").write_bytes(b"x")
    os.close(os.open(os.fsencode(tmp_path) + b"/latin1-\xe9.txt", os.O_CREAT | os.O_WRONLY))

    landed = _landed(list(iter_inputs([tmp_path])))

    assert landed[f"{tmp_path}/my cable ¶ São Paulo.txt"] == CABLE
    assert landed[f"{tmp_path}/日本語.txt"] == b"x"
    assert landed[f"{tmp_path}/latin1-\\xe9.txt"] == b""
    for name in landed:
        name.encode("utf-8")  # storable as text: no lone surrogates


def test_empty_file_is_still_a_document(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    assert list(iter_inputs([empty])) == [InputDocument(str(empty), b"", "text")]


def test_html_pages_are_sniffed_and_text_mentioning_tags_is_not(tmp_path: Path) -> None:
    page = tmp_path / "06PHNOMPENH534"
    page.write_bytes(b"<!DOCTYPE html>\n<html><table class='cable'></table><pre>x</pre></html>")
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"The page has a <table class='cable'> and two <pre> blocks.\n")

    formats = {
        item.source_path: item.fmt
        for item in iter_inputs([tmp_path])
        if isinstance(item, InputDocument)
    }

    assert formats == {str(page): "html", str(notes): "text"}


def test_symlinks_inside_a_folder(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"not for the warehouse")
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "real.txt").write_bytes(CABLE)
    (inbox / "to-real.txt").symlink_to(inbox / "real.txt")
    (inbox / "to-outside.txt").symlink_to(outside)
    (inbox / "loop-a").symlink_to(inbox / "loop-b")
    (inbox / "loop-b").symlink_to(inbox / "loop-a")
    (inbox / "self").symlink_to(inbox / "self")
    (inbox / "broken.txt").symlink_to(inbox / "missing.txt")
    (inbox / "to-folder").symlink_to(inbox / "sub")
    (inbox / "to-parent").symlink_to(tmp_path)

    items = list(iter_inputs([inbox]))

    assert _landed(items) == {f"{inbox}/real.txt": CABLE, f"{inbox}/to-real.txt": CABLE}
    problems = _problems(items)
    assert "outside the folder" in problems[f"{inbox}/to-outside.txt"]
    assert "outside the folder" in problems[f"{inbox}/to-parent"]
    assert "loops" in problems[f"{inbox}/loop-a"]
    assert "loops" in problems[f"{inbox}/loop-b"]
    assert "loops" in problems[f"{inbox}/self"]
    assert "broken" in problems[f"{inbox}/broken.txt"]
    assert "folder" in problems[f"{inbox}/to-folder"]


def test_a_symlink_named_by_the_user_is_followed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "cable.txt").write_bytes(CABLE)
    link = tmp_path / "latest"
    link.symlink_to(folder)
    broken = tmp_path / "gone"
    broken.symlink_to(tmp_path / "nowhere")

    items = list(iter_inputs([link, broken]))

    assert _landed(items) == {f"{link}/cable.txt": CABLE}
    assert "broken" in _problems(items)[str(broken)]


def test_special_files_and_missing_paths_are_problems(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "z.txt").write_bytes(CABLE)
    missing = tmp_path / "missing.txt"

    items = list(iter_inputs([tmp_path, fifo, missing]))  # must not block on the FIFO

    problems = _problems(items)
    assert "not a regular file" in problems[str(fifo)]
    assert "does not exist" in problems[str(missing)]
    assert _landed(items) == {f"{tmp_path}/z.txt": CABLE}


def test_read_error_in_the_middle_of_a_file_is_a_problem() -> None:
    """/proc/self/mem is a regular file whose first page fails to read, even for root."""
    mem = Path("/proc/self/mem")
    if not mem.exists():
        pytest.skip("needs Linux /proc")

    [item] = list(iter_inputs([mem]))

    assert isinstance(item, InputProblem)
    assert item.source_path == str(mem)
    assert "failed" in item.reason


def test_permission_denied_is_a_problem_and_the_walk_continues(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_bytes(CABLE)
    locked.chmod(0)
    locked_dir = tmp_path / "locked-dir"
    locked_dir.mkdir()
    (locked_dir / "inner.txt").write_bytes(CABLE)
    locked_dir.chmod(0)
    (tmp_path / "open.txt").write_bytes(CABLE)
    try:
        items = list(iter_inputs([tmp_path]))
    finally:
        locked.chmod(0o600)
        locked_dir.chmod(0o700)

    assert _landed(items)[f"{tmp_path}/open.txt"] == CABLE
    if os.geteuid() == 0:
        pytest.skip("running as root, which reads files whatever their permissions")
    problems = _problems(items)
    assert "Permission denied" in problems[str(locked)]
    assert "Permission denied" in problems[str(locked_dir)]


def test_estimate_total_counts_without_reading(tmp_path: Path) -> None:
    _tree(tmp_path)
    os.mkfifo(tmp_path / "pipe")

    totals = estimate_total([tmp_path])  # would block if it opened the FIFO

    assert (totals.files, totals.bytes) == (3, len(b"one") + len(b"two") + len(b"three"))


def _swap_for_link(folder: Path, target: Path, parking: Path) -> None:
    folder.rename(parking)
    folder.symlink_to(target, target_is_directory=True)


def test_a_folder_swapped_for_a_link_while_it_is_walked_is_not_read_through(
    tmp_path: Path,
) -> None:
    """The folder being walked is replaced by a link to outside between two documents: what
    is landed afterwards still comes from the folder that was opened, never from outside."""
    inbox = tmp_path / "inbox"
    (inbox / "sub" / "deep").mkdir(parents=True)
    (inbox / "sub" / "1.txt").write_bytes(b"inside one")
    (inbox / "sub" / "2.txt").write_bytes(b"inside two")
    (inbox / "sub" / "deep" / "3.txt").write_bytes(b"inside three")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    for name in ("1.txt", "2.txt", "deep/3.txt"):
        (outside / name).write_bytes(b"OUTSIDE " + name.encode())

    walk = iter_inputs([inbox])
    first = next(walk)
    _swap_for_link(inbox / "sub", outside, tmp_path / "parked")
    rest = list(walk)

    landed = _landed([first, *rest])
    assert not [data for data in landed.values() if data.startswith(b"OUTSIDE")], landed
    assert landed == {
        f"{inbox}/sub/1.txt": b"inside one",
        f"{inbox}/sub/2.txt": b"inside two",
        f"{inbox}/sub/deep/3.txt": b"inside three",
    }


def test_a_subfolder_swapped_for_a_link_before_it_is_entered_is_refused(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_bytes(b"inside a")
    (inbox / "sub" / "b.txt").write_bytes(b"inside b")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_bytes(b"OUTSIDE b")

    walk = iter_inputs([inbox])
    first = next(walk)
    _swap_for_link(inbox / "sub", outside, tmp_path / "parked")
    items = [first, *walk]

    assert _landed(items) == {f"{inbox}/a.txt": b"inside a"}
    assert "folder" in _problems(items)[f"{inbox}/sub"]


def test_a_link_inside_the_folder_is_opened_without_following_a_swapped_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to a file inside the folder is checked, then opened one component at a time
    from the root: a folder on the way that became a link to outside after the check (the
    swap is made right after it) stops the open."""
    inbox = tmp_path / "inbox"
    (inbox / "data").mkdir(parents=True)
    (inbox / "data" / "cable.txt").write_bytes(b"inside")
    (inbox / "link.txt").symlink_to(inbox / "data" / "cable.txt")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "cable.txt").write_bytes(b"OUTSIDE")
    resolve = discovery._resolve_link

    def resolve_then_swap(path: str, display: str, inside: str | None) -> object:
        resolved = resolve(path, display, inside)
        _swap_for_link(inbox / "data", outside, tmp_path / "parked")
        return resolved

    monkeypatch.setattr(discovery, "_resolve_link", resolve_then_swap)
    items = list(iter_inputs([inbox]))

    assert b"OUTSIDE" not in _landed(items).values()
    assert f"{inbox}/link.txt" in _problems(items)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_files_with_byte_order_marks_nuls_and_controls_land_byte_for_byte(
    tmp_path: Path, encoding: str
) -> None:
    text = "\ufeff" if encoding.endswith("-be") else ""
    data = (text + CABLE.decode() + "nul \x00 bell \x07 esc \x1b[2J\n").encode(encoding)
    path = tmp_path / "odd.txt"
    path.write_bytes(data)

    [item] = list(iter_inputs([path]))

    assert isinstance(item, InputDocument)
    assert (item.data, item.fmt, item.withheld) == (data, "text", None)
