from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.job import Job


T = TypeVar("T", bound="RecoverStarted")


@_attrs_define
class RecoverStarted:
    """
    Attributes:
        job (Job):
        count (int):
    """

    job: Job
    count: int

    def to_dict(self) -> dict[str, Any]:
        job = self.job.to_dict()

        count = self.count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job": job,
                "count": count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job import Job  # noqa: PLC0415

        d = dict(src_dict)
        job = Job.from_dict(d.pop("job"))

        count = d.pop("count")

        recover_started = cls(
            job=job,
            count=count,
        )

        return recover_started
