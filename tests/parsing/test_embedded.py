"""Release records embedded in a text file (``embedded``). Fragments are written for the tests;
station names are made up."""

from __future__ import annotations

from datetime import UTC, datetime

from etl.parsing import parse_cable

from .conftest import ENVELOPE, key_value_record


def test_record_of_another_serial_under_an_envelope_does_not_date_the_cable() -> None:
    parsed = parse_cable(ENVELOPE + key_value_record("09RIVERTOWN561", "9/10/2009 12:07"))
    assert parsed.created_at == datetime(2009, 10, 8, 20, 55, tzinfo=UTC)


def test_record_of_the_envelope_serial_still_gives_its_columns() -> None:
    envelope = ENVELOPE.replace("#0595/01", "#0561/01")
    parsed = parse_cable(envelope + key_value_record("09RIVERTOWN561", "9/10/2009 12:07"))
    assert parsed.cable_id == "09RIVERTOWN561"
    assert parsed.created_at == datetime(2009, 9, 10, 12, 7, tzinfo=UTC)
