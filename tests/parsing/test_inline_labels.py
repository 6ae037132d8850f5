"""Inline paragraph labels (``inline_labels``): the label that opens a paragraph's text.
Fragments are written for the tests."""

from __future__ import annotations

import pytest

from etl.parsing.inline_labels import inline_label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Summary: The talks went well.", "Summary"),
        ("KEY POINTS: Three things.", "KEY POINTS"),
        ("Reason for Request: The rifles are heavy.", "Reason for Request"),
        ("Question D (cont'd): More answers.", "Question D (cont'd)"),
        ("Key Points -- The court upheld it.", "Key Points"),
        ("Summary. With the draft resolution ...", "Summary"),
        ("Background continued. More history.", "Background continued"),
        ("E-VOTING. Estonia held the first vote.", "E-VOTING"),
        ("SUMMARY Egypt has announced a plan.", "SUMMARY"),
        ("Details of license applications:", "Details of license applications"),
        ("Question A: The minister said so.", "Question A"),
        ("PREVENTING A COLLAPSE OF YEMEN: Talks.", "PREVENTING A COLLAPSE OF YEMEN"),
        # a sentence that ends in a colon is no label
        ("Post is permitted to provide the following statement:", None),
        ("The multilateral priorities for the Summit include:", None),
        ("Subsequent media coverage revealed a striking split:", None),
        # a time or a web address is no label; a short sentence in capitals is none
        ("On June 16, 2009, at 10:30 the team met.", None),
        ("See http://example.org for more.", None),
        ("THE MINISTER AGREED. THE TALKS END TODAY.", None),
        ("Thanks. We appreciate the help.", None),
        ("Visit Rivertown's Classified Website: (http://x.sgov)", None),
    ],
)
def test_inline_label_shapes(text: str, label: str | None) -> None:
    assert inline_label(text) == label
