from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StatsBucket")


@_attrs_define
class StatsBucket:
    """
    Attributes:
        start (str):
        succeeded (int):
        failed (int):
        p50 (float | None):
        p99 (float | None):
    """

    start: str
    succeeded: int
    failed: int
    p50: float | None
    p99: float | None

    def to_dict(self) -> dict[str, Any]:
        start = self.start

        succeeded = self.succeeded

        failed = self.failed

        p50: float | None
        p50 = self.p50

        p99: float | None
        p99 = self.p99

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start": start,
                "succeeded": succeeded,
                "failed": failed,
                "p50": p50,
                "p99": p99,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = d.pop("start")

        succeeded = d.pop("succeeded")

        failed = d.pop("failed")

        def _parse_p50(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p50 = _parse_p50(d.pop("p50"))

        def _parse_p99(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p99 = _parse_p99(d.pop("p99"))

        stats_bucket = cls(
            start=start,
            succeeded=succeeded,
            failed=failed,
            p50=p50,
            p99=p99,
        )

        return stats_bucket
