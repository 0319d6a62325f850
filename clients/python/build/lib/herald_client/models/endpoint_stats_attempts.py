from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="EndpointStatsAttempts")


@_attrs_define
class EndpointStatsAttempts:
    """
    Attributes:
        succeeded (int):
        failed (int):
    """

    succeeded: int
    failed: int

    def to_dict(self) -> dict[str, Any]:
        succeeded = self.succeeded

        failed = self.failed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "succeeded": succeeded,
                "failed": failed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        succeeded = d.pop("succeeded")

        failed = d.pop("failed")

        endpoint_stats_attempts = cls(
            succeeded=succeeded,
            failed=failed,
        )

        return endpoint_stats_attempts
