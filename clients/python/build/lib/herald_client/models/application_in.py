from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.application_in_metadata import ApplicationInMetadata


T = TypeVar("T", bound="ApplicationIn")


@_attrs_define
class ApplicationIn:
    """
    Attributes:
        name (str):
        uid (str | Unset):
        metadata (ApplicationInMetadata | Unset):
        retry_schedule (list[int] | Unset):
        retention_days (int | Unset):
    """

    name: str
    uid: str | Unset = UNSET
    metadata: ApplicationInMetadata | Unset = UNSET
    retry_schedule: list[int] | Unset = UNSET
    retention_days: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        uid = self.uid

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        retry_schedule: list[int] | Unset = UNSET
        if not isinstance(self.retry_schedule, Unset):
            retry_schedule = self.retry_schedule

        retention_days = self.retention_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if uid is not UNSET:
            field_dict["uid"] = uid
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if retry_schedule is not UNSET:
            field_dict["retrySchedule"] = retry_schedule
        if retention_days is not UNSET:
            field_dict["retentionDays"] = retention_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.application_in_metadata import ApplicationInMetadata  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        uid = d.pop("uid", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: ApplicationInMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ApplicationInMetadata.from_dict(_metadata)

        retry_schedule = cast(list[int], d.pop("retrySchedule", UNSET))

        retention_days = d.pop("retentionDays", UNSET)

        application_in = cls(
            name=name,
            uid=uid,
            metadata=metadata,
            retry_schedule=retry_schedule,
            retention_days=retention_days,
        )

        return application_in
