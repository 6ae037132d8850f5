"""Property tests: whatever the input, the parser returns a result or a CableParseError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.parsing import CableParseError, ParsedCable, decode_bytes, parse_cable, parse_document
from etl.parsing.records import CREATED_SOURCES

SAMPLES = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]

#: Fragments of cable syntax, so generated texts reach deep into the parser.
CABLE_WORDS = [
    "VZCZCXRO1234", "DE RUEHPF #0534/01 0800959", "ZNR UUUUU ZZH", "O 210959Z MAR 06",
    "FM AMEMBASSY PHNOM PENH", "TO RUEHC/SECSTATE WASHDC IMMEDIATE 6838", "INFO ",
    "UNCLAS SECTION 01 OF 02 PHNOM PENH 000534", "C O N F I D E N T I A L", "SIPDIS",
    "E.O. 12958: DECL: 08/25/2019", "TAGS: PGOV [PHUM](#) OVIP (X, Y)", "SUBJECT: ",
    "REF: A. SECSTATE 85578", "¶B. 05 STATE 226504 AND 2764", "[1](#)1. (SBU) ", "15. ",
    "PHNOM PENH 00001092 002 OF 002", "PAGE 02 HARARE 05461 01 OF 02 271458Z", "SUMMARY",
    "END SUMMARY", "COMMENT", "END COMMENT", "-------", "STORELLA", "NNNN", "XXXXXXXXXXXX",
    "This record is a partial extract of the original cable.", "Classified By: X",
    "2005-11-14 10:58:00\t05MANAMA1672\tEmbassy Manama\tCONFIDENTIAL\t\t", "refid: 06X1",
    "Cable dated:2006-06-08T06:52:00", "\n", "\n\n", " ", "\t", "(", ")", "\\\n",
]  # fmt: skip
cable_like_text = st.lists(
    st.one_of(st.sampled_from(CABLE_WORDS), st.text(max_size=20)), max_size=60
).map("".join)


def _parse_or_reject(text: str) -> ParsedCable | None:
    try:
        cable = parse_cable(text)
    except CableParseError as error:
        assert str(error)
        return None
    assert isinstance(cable, ParsedCable)
    _assert_date_and_id_invariants(cable)
    return cable


def _assert_date_and_id_invariants(cable: ParsedCable) -> None:
    """Issue 14's contract: a stated date or none, an estimate only apart, ids only when they
    differ."""
    assert cable.created_source in CREATED_SOURCES
    if cable.created_at is not None:
        assert cable.created_source in ("dtg", "metadata", "page", "csv")
        assert cable.created_estimate is None
    else:
        assert cable.created_source == ("estimate" if cable.created_estimate else "none")
        assert cable.container_created_at is None
    if cable.container_created_at is not None:
        assert cable.created_source == "dtg"
    assert cable.text_cable_id is None or cable.text_cable_id != cable.cable_id


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    _parse_or_reject(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cable_like_text)
def test_cable_like_text_never_raises_anything_else(text: str) -> None:
    cable = _parse_or_reject(text)
    if cable is not None:
        assert all(paragraph.text for paragraph in cable.paragraphs)
        # The internal page-break marker never leaks into output.
        fields = [cable.body, cable.subject, *cable.tags, *(p.text for p in cable.paragraphs)]
        assert not any("\x00" in value for value in fields)
        assert [p.position for p in cable.paragraphs] == list(range(1, len(cable.paragraphs) + 1))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["auto", "text", "html", "csv-row"]))
def test_arbitrary_bytes_never_raise_anything_else(data: bytes, fmt: str) -> None:
    try:
        cable = parse_document(data, fmt)
    except CableParseError as error:
        assert str(error)
    else:
        _assert_date_and_id_invariants(cable)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(SEED_TEXTS), st.integers(min_value=0), st.integers(min_value=0))
def test_truncated_and_spliced_seeds_never_raise_anything_else(
    text: str, start: int, length: int
) -> None:
    start %= len(text)
    _parse_or_reject(text[start : start + length % (len(text) + 1)])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_always_gives_text_without_nul_or_carriage_return(data: bytes) -> None:
    text = decode_bytes(data)
    assert "\x00" not in text and "\r" not in text
