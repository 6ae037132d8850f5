"""The suite files themselves: GX accepts them, they carry the project's meta, and the patterns
they rely on mean what they say."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from etl.ingest.content import content_features
from etl.parsing.vocabulary import CLASSIFICATIONS
from etl.quality import QualityGate
from etl.quality.frames import MARKDOWN_LINK_PATTERN, PAGE_BREAK_PATTERN
from etl.quality.suites import DEFAULT_SUITES_DIR, SuiteFileError, load_suite_file

PAGE_BREAKS = [
    "PHNOM PENH 00001092 002 OF 002",
    "PAGE 02 HARARE 05461 01 OF 02 271458Z",
    "PAGE 01        HARARE  06677  01 OF 03  291400Z",
    "the talks PAGE 03 RUEHFRA0170 S E C R E T continued",
    "as noted. CASABLANCA 00000104 003 OF 003 The governor",
]
PROSE = [
    "See PAGE 12 OF THE REPORT for details.",
    "The page 2 of the memo was missing.",
    "Minister Sar Kheng met 1,200 delegates on March 15.",
    "SECTION 01 OF 03 PHNOM PENH 000534",
]


def test_suites_hold_at_least_25_expectations_across_the_three_stages(gate: QualityGate) -> None:
    per_stage = Counter[str]()
    for suite in gate.suites.values():
        per_stage[suite.stage] += suite.expectation_count
    assert set(per_stage) == {"raw", "parsed", "warehouse"}
    assert sum(per_stage.values()) >= 25


def test_gx_accepts_every_expectation_of_every_suite(gate: QualityGate) -> None:
    for suite in gate.suites.values():
        assert len(gate.runner.gx_suite(suite).expectations) == suite.expectation_count


def test_classification_vocabulary_matches_the_parser(gate: QualityGate) -> None:
    expectation = next(
        e
        for e in gate.suites["parsed_cables"].document["expectations"]
        if e["kwargs"].get("column") == "classification" and "value_set" in e["kwargs"]
    )
    assert set(expectation["kwargs"]["value_set"]) == set(CLASSIFICATIONS)


def test_suite_without_failure_meta_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    document = json.loads((DEFAULT_SUITES_DIR / "parsed_tags.json").read_text())
    del document["expectations"][0]["meta"]["on_failure"]
    path = tmp_path / "parsed_tags.json"  # type: ignore[operator]
    path.write_text(json.dumps(document))
    with pytest.raises(SuiteFileError, match="on_failure"):
        load_suite_file(path)


@pytest.mark.parametrize("line", PAGE_BREAKS)
def test_page_break_pattern_finds_real_break_lines(line: str) -> None:
    assert re.search(PAGE_BREAK_PATTERN, line)


@pytest.mark.parametrize("line", PROSE)
def test_page_break_pattern_leaves_prose_alone(line: str) -> None:
    assert not re.search(PAGE_BREAK_PATTERN, line)


def test_markdown_pattern_finds_link_artefacts() -> None:
    assert re.search(MARKDOWN_LINK_PATTERN, "[1](#)2. The embassy")
    assert not re.search(MARKDOWN_LINK_PATTERN, "(U) The embassy [SOURCE REMOVED] said")


def test_content_features_tell_text_from_binary() -> None:
    text = content_features("¶1. (SBU) Summary: “quotes”.\n".encode())
    assert (text.decodes_cleanly, text.nul_chars, text.control_char_share) == (True, 0, 0.0)
    latin = content_features("\xb61. Summary\r\n".encode("cp1252"))
    assert latin.decodes_cleanly
    utf16 = content_features("\ufeffTAGS: PGOV".encode("utf-16"))
    assert utf16.decodes_cleanly and utf16.nul_chars == 0
    binary = content_features(b"%PDF-1.4\x00\x81\x8d\x90\x9d\x00\x01\x02")
    assert not binary.decodes_cleanly
    assert binary.nul_chars == 2
    assert content_features(b" \n\t \n").visible_chars == 0
