"""Validating a batch chunk by chunk, with the results GX would compute on the whole batch.

Map expectations (row by row, or comparing rows of one partition) are exact on each chunk; the
others (aggregates such as a mean or the row count) need the whole batch, narrowed to the
columns they read. ``MapResultMerge`` adds up one map expectation's chunk results. Results
stay bounded: the full unexpected lists are replaced by their ``partial_*`` versions.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from etl.quality.report import ROW_POLICIES

#: GX result keys that grow with the data; the bounded ``partial_*`` versions are kept.
UNBOUNDED_RESULT_KEYS = ("unexpected_list", "unexpected_index_list", "unexpected_index_query")
#: Length of the bounded lists GX keeps (``partial_unexpected_list`` ...), its default.
PARTIAL_COUNT = 20
#: Map expectations that compare rows with each other: exact chunk by chunk only when their
#: columns include the chunks' partition key; otherwise they run on the whole batch.
_CROSS_ROW = frozenset(
    {
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
        "expect_multicolumn_values_to_be_unique",
    }
)

#: One expectation's GX result (merged over the chunks) and the rows it found unexpected,
#: each named by the suite's index columns (withheld or flagged if it fails).
ValidatedExpectation: TypeAlias = tuple[Any, list[dict[str, Any]]]


def expectation_key(config: Any) -> str:
    """Identity of an expectation across chunks (results do not come in suite order)."""
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}
    return json.dumps({"type": config.type, "kwargs": kwargs}, sort_keys=True, default=str)


def split_for_chunks(expectations: list[Any], partition_key: str) -> tuple[list[Any], list[Any]]:
    """Expectations exact chunk by chunk (row by row, or comparing rows of one partition) and
    those that need the whole batch (aggregates such as a mean or the row count)."""
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    per_chunk: list[Any] = []
    whole_batch: list[Any] = []
    for expectation in expectations:
        is_map = isinstance(
            expectation, ColumnMapExpectation | ColumnPairMapExpectation | MulticolumnMapExpectation
        )
        columns = expectation_columns([expectation]) or []
        cross_row = expectation.expectation_type in _CROSS_ROW
        if is_map and (not cross_row or partition_key in columns or not partition_key):
            per_chunk.append(expectation)
        else:
            whole_batch.append(expectation)
    return per_chunk, whole_batch


def expectation_columns(expectations: list[Any]) -> list[str] | None:
    """Columns the expectations read (None: cannot tell, keep all). A table-level one reads
    none but needs rows, so an empty list keeps one column."""
    names: dict[str, None] = {}
    for expectation in expectations:
        kwargs = expectation.configuration.kwargs
        for key in ("column", "column_A", "column_B"):
            if isinstance(kwargs.get(key), str):
                names[kwargs[key]] = None
        for name in kwargs.get("column_list") or ():
            names[name] = None
        condition = kwargs.get("row_condition")
        if condition:
            found = _condition_columns(condition)
            if found is None:
                return None
            names.update(dict.fromkeys(found))
    return list(names)


def _condition_columns(condition: Any) -> list[str] | None:
    """Column names of a structured GX row condition (None if its shape is unknown)."""
    if isinstance(condition, dict):
        column = condition.get("column")
        if isinstance(column, dict) and isinstance(column.get("name"), str):
            return [column["name"]]
        found: list[str] = []
        for key in ("conditions", "left", "right"):
            value = condition.get(key)
            for item in value if isinstance(value, list) else [value] if value else []:
                sub = _condition_columns(item)
                if sub is None:
                    return None
                found += sub
        return found or None
    return None


@dataclass(slots=True)
class MapResultMerge:
    """One map expectation's results over the chunks of a batch, merged the way GX would have
    computed them on the whole batch: counts summed, success from the summed counts (so
    ``mostly`` is judged on the batch), partial lists cut at the same length."""

    config: Any
    element_count: int = 0
    missing_count: int | None = 0
    unexpected_count: int | None = 0
    partial_list: list[Any] | None = None
    partial_index_list: list[Any] | None = None
    index_column_names: Any = None
    value_counts: Counter[Any] | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    exception_info: dict[str, Any] | None = None
    unhashable: bool = False

    def add(self, result: Any) -> None:
        exception = result.exception_info or {}
        if exception.get("raised_exception") and self.exception_info is None:
            self.exception_info = dict(exception)
        found = dict(result.result or {})
        self.element_count += int(found.get("element_count") or 0)
        if self.missing_count is not None:
            missing = found.get("missing_count")
            self.missing_count = None if missing is None else self.missing_count + int(missing)
        if self.unexpected_count is not None:
            unexpected = found.get("unexpected_count")
            self.unexpected_count = (
                None if unexpected is None else self.unexpected_count + int(unexpected)
            )
        if "unexpected_index_column_names" in found:
            self.index_column_names = found["unexpected_index_column_names"]
        if "partial_unexpected_list" in found:
            self.partial_list = ((self.partial_list or []) + found["partial_unexpected_list"])[
                :PARTIAL_COUNT
            ]
        if "partial_unexpected_index_list" in found:
            self.partial_index_list = (
                (self.partial_index_list or []) + found["partial_unexpected_index_list"]
            )[:PARTIAL_COUNT]
        values = found.get("unexpected_list")
        if values is not None and not self.unhashable:
            from great_expectations.constants import MAX_RESULT_RECORDS

            if self.value_counts is None:
                self.value_counts = Counter()
            # GX counts the first MAX_RESULT_RECORDS unexpected values of the batch (each
            # chunk's list holds its first ones, in row order): so do these counts.
            room = MAX_RESULT_RECORDS - self.value_counts.total()
            try:
                self.value_counts.update(
                    tuple(v.values()) if isinstance(v, dict) else v for v in values[: max(room, 0)]
                )
            except TypeError:  # GX then leaves partial_unexpected_counts out
                self.unhashable = True
        # Only a withholding or flagging expectation needs its rows (one per cable).
        if (self.config.meta or {}).get("on_failure") in ROW_POLICIES:
            self.rows.extend(found.get("unexpected_index_list") or ())

    def result(self) -> Any:
        """The merged GX result (bounded: no full unexpected lists)."""
        from great_expectations.core import ExpectationValidationResult

        nonnull = self.element_count - (self.missing_count or 0)
        mostly = float(self.config.kwargs.get("mostly", 1.0))
        if self.exception_info:
            success = False
        elif self.unexpected_count is None or self.element_count == 0 or nonnull == 0:
            success = True  # vacuously, as GX decides
        else:
            success = (nonnull - self.unexpected_count) / nonnull >= mostly
        result: dict[str, Any] = {
            "element_count": self.element_count,
            "unexpected_count": self.unexpected_count,
        }
        total = nonmissing = missing_percent = None
        if self.unexpected_count is not None and self.element_count > 0:
            total = self.unexpected_count / self.element_count * 100
            if self.missing_count is not None:
                missing_percent = self.missing_count / self.element_count * 100
                nonmissing = self.unexpected_count / nonnull * 100 if nonnull > 0 else None
            else:
                nonmissing = total
        result["unexpected_percent"] = nonmissing
        if self.partial_list is not None:
            result["partial_unexpected_list"] = self.partial_list
        if self.index_column_names is not None:
            result["unexpected_index_column_names"] = self.index_column_names
        if self.missing_count is not None:
            result["missing_count"] = self.missing_count
            result["missing_percent"] = missing_percent
            result["unexpected_percent_total"] = total
            result["unexpected_percent_nonmissing"] = nonmissing
        if self.value_counts is not None and not self.unhashable:
            # Values that do not sort (None among strings): GX then leaves the counts out.
            with contextlib.suppress(TypeError):
                result["partial_unexpected_counts"] = [
                    {"value": value, "count": count}
                    for value, count in sorted(
                        self.value_counts.most_common(PARTIAL_COUNT),
                        key=lambda x: (-x[1], x[0]),
                    )
                ]
        if self.partial_index_list is not None:
            result["partial_unexpected_index_list"] = self.partial_index_list
        return ExpectationValidationResult(
            success=success,
            expectation_config=self.config,
            result=result,
            exception_info=self.exception_info
            or {"raised_exception": False, "exception_traceback": None, "exception_message": None},
        )
