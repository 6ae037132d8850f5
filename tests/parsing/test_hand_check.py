"""The hand check of signers and paragraph headings (issue 15) and its scorer.

The scoring rules are tested on made-up parse results; the corpus test parses the 200
hand-checked cables (skipped without ../shared) and holds the measured figures as floors.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from etl.parsing.decoding import decode_bytes
from etl.parsing.records import Paragraph, ParsedCable

REPO = Path(__file__).resolve().parents[2]

#: Measured on the headings branch (int at e997730 merged, PARSER_VERSION 10): signer P .995
#: R .979; headings (all kinds) P .984 R .949; section recall .952; each less .01, rounded
#: down to the hundredth (on main at 748fc95 they were signer P .994 R .839, headings P .812
#: R .417, section recall .633). Raise them when the parser gets better; issue 15's targets
#: are in the scorer (TARGETS).
SIGNER_FLOORS = (0.98, 0.96)
HEADING_FLOORS = (0.97, 0.93)
SECTION_RECALL_FLOOR = 0.94


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "measure_hand_check", REPO / "scripts" / "measure_hand_check.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


scorer = _load_scorer()


def _paragraph(position: int, label: str | None, heading: str | None = None) -> Paragraph:
    return Paragraph(
        position=position, text=f"Text {position}.", number_label=label, heading=heading
    )


def _expected(signer: str | None, *headings: tuple[int, str, str]) -> Any:
    return scorer.Expected(
        cable_id="99RIVERTOWN1",
        signer=signer,
        headings=tuple(scorer.ExpectedHeading(n, text, kind) for n, text, kind in headings),
    )


def _score(expected: Any, cable: ParsedCable, text: str = "") -> Any:
    result = scorer.Result()
    scorer.score_cable(expected, cable, text, result)
    return result


# --- the fixture ----------------------------------------------------------------------------


def test_fixture_holds_200_cables_with_valid_entries() -> None:
    check = scorer.load_fixture()
    assert check.seed == 20261202
    assert len(check.cables) == len({cable.cable_id for cable in check.cables}) == 200
    headings = [item for cable in check.cables for item in cable.headings]
    assert len(headings) == 821
    assert {item.kind for item in headings} <= set(scorer.KINDS)
    assert all(item.paragraph >= 1 and item.heading.strip() for item in headings)
    assert sum(cable.signer is not None for cable in check.cables) == 193


# --- scoring rules --------------------------------------------------------------------------


def test_a_carried_section_heading_counts_on_its_first_paragraph_only() -> None:
    paragraphs = [
        _paragraph(1, "1"),
        _paragraph(2, "2", "Background"),
        _paragraph(3, None, "Background"),  # an unnumbered item inside the section
        _paragraph(4, "3", "Background"),
        _paragraph(5, "4", "Comment"),
    ]
    collapsed = scorer.predicted_pairs(paragraphs)
    assert collapsed == {("2", "background"): 1, ("4", "comment"): 1}
    raw = scorer.predicted_pairs(paragraphs, collapse=False)
    assert raw[("3", "background")] == 1 and sum(raw.values()) == 3


def test_headings_compare_as_pairs_folded_for_case_and_spaces() -> None:
    cable = ParsedCable(
        paragraphs=[
            _paragraph(1, "1", "KEY  POINTS"),
            _paragraph(2, "2", "The Economy"),  # expected on paragraph 3
            _paragraph(3, "3", "The Economy"),
        ]
    )
    expected = _expected(
        None, (1, "Key Points", "colon"), (3, "The Economy", "section"), (3, "Outlook", "colon")
    )
    result = _score(expected, cable)
    score = result.headings["all kinds"]
    assert (score.matched, score.predicted, score.expected) == (1, 2, 3)
    assert result.kinds["colon"].matched == 1 and result.kinds["section"].matched == 0
    classes = set(result.heading_misses.classes)
    assert "wrong paragraph (section)" in classes
    assert "missed (colon): the paragraph above has the same heading" not in classes


def test_leaving_out_a_kind_drops_its_pairs_on_both_sides() -> None:
    cable = ParsedCable(
        paragraphs=[_paragraph(1, "1", "Summary"), _paragraph(2, "2", "--- Politics ---")]
    )
    expected = _expected(None, (1, "Summary", "colon"), (2, "Politics", "section"))
    result = _score(expected, cable)
    assert result.headings["all kinds"].matched == 1
    assert result.headings["all kinds"].predicted == 2
    without = result.headings["without section"]
    assert (without.matched, without.predicted, without.expected) == (1, 1, 1)
    assert "wrong text (section): rule or delimiters kept around it" in (
        result.heading_misses.classes
    )


def test_signer_is_the_name_as_written_case_insensitive() -> None:
    right = _score(_expected("van Voorst"), ParsedCable(signer="VAN  VOORST"))
    assert (right.signer.matched, right.signer.predicted, right.signer.expected) == (1, 1, 1)
    none_either = _score(_expected(None), ParsedCable())
    assert (none_either.signer.predicted, none_either.signer.expected) == (0, 0)
    spurious = _score(_expected(None), ParsedCable(signer="SUMMARY"))
    assert spurious.signer.predicted == 1 and spurious.signer.precision == 0.0
    wrong = _score(_expected("KUBISKE"), ParsedCable(signer="KUBISKE KUBISKE"))
    assert wrong.signer.matched == 0 and "wrong name: extra words" in wrong.signer_misses.classes


@pytest.mark.parametrize(
    ("tail", "name", "failure_class"),
    [
        ("held in detention.\nWOOD\n\n=====CABLE ENDS=====\n", "WOOD", "followed by other"),
        ("remains in detention.PATTERSON\n", "PATTERSON", "run onto the last sentence"),
        ("Visit our Classified Website:\nhttp://example.sgov/\nPARNELL\n", "PARNELL", "banner"),
        ("we will report septel on the\nTUTTLE\n", "TUTTLE", "ends no sentence"),
        ("We will report.\n\nvan Voorst\n", "van Voorst", "mixed case on its own line"),
    ],
)
def test_a_missed_signer_is_classed_by_where_it_stands(
    tail: str, name: str, failure_class: str
) -> None:
    found, detail = scorer.signer_miss_class(name, "1. (C) Text of the cable.\n" + tail)
    assert failure_class in found, (found, detail)


# --- the corpus -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> Path:
    path = shared_dir / "corpus"
    if not (path / "cables").is_dir():
        pytest.skip("../shared/corpus/cables is absent")
    return path


@pytest.mark.corpus
def test_the_sample_is_the_seeded_draw_over_the_text_renderings(corpus: Path) -> None:
    ids: set[str] = set()
    for folder in ("wikileaks-html", "alx-layout-a", "pdf-text"):
        ids |= {path.stem for path in (corpus / "cables" / folder).glob("*.txt")}
    check = scorer.load_fixture()
    drawn = random.Random(check.seed).sample(sorted(ids), len(check.cables))
    assert drawn == [cable.cable_id for cable in check.cables]


@pytest.mark.corpus
def test_every_expected_value_is_written_in_its_cable(corpus: Path) -> None:
    """The fixture belongs to these texts: each signer is in the text's last part and each
    word of each heading is in the text (a heading can be joined over a page break)."""
    check = scorer.load_fixture()
    absent: list[str] = []
    for cable in check.cables:
        path = corpus / check.rendering.format(id=cable.cable_id)
        text = decode_bytes(path.read_bytes()).casefold()
        if cable.signer is not None and cable.signer.casefold() not in text[-len(text) // 3 :]:
            absent.append(f"{cable.cable_id} signer {cable.signer}")
        for item in cable.headings:
            if any(word.casefold() not in text for word in item.heading.split()):
                absent.append(f"{cable.cable_id} ¶{item.paragraph} {item.heading}")
    assert not absent


@pytest.mark.corpus
def test_signer_and_headings_stay_above_the_floors(corpus: Path) -> None:
    result = scorer.evaluate(corpus)
    assert result.cables == 200 and not result.rejected
    signer = result.signer
    assert signer.precision >= SIGNER_FLOORS[0], signer.precision
    assert signer.recall >= SIGNER_FLOORS[1], signer.recall
    headings = result.headings[scorer.CONTRACT_VARIANT]
    assert headings.precision >= HEADING_FLOORS[0], headings.precision
    assert headings.recall >= HEADING_FLOORS[1], headings.recall
    assert result.kinds["section"].recall >= SECTION_RECALL_FLOOR
