from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EndpointStatsCounts")


@_attrs_define
class EndpointStatsCounts:
    """
    Attributes:
        succeeded (int):
        failed (int):
        pending (int):
    """

    succeeded: int
    failed: int
    pending: int

    def to_dict(self) -> dict[str, Any]:
        succeeded = self.succeeded

        failed = self.failed

        pending = self.pending

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "succeeded": succeeded,
                "failed": failed,
                "pending": pending,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        succeeded = d.pop("succeeded")

        failed = d.pop("failed")

        pending = d.pop("pending")

        endpoint_stats_counts = cls(
            succeeded=succeeded,
            failed=failed,
            pending=pending,
        )

        return endpoint_stats_counts
