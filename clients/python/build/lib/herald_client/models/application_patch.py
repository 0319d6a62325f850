from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.application_patch_metadata import ApplicationPatchMetadata


T = TypeVar("T", bound="ApplicationPatch")


@_attrs_define
class ApplicationPatch:
    """
    Attributes:
        name (str | Unset):
        uid (None | str | Unset):
        metadata (ApplicationPatchMetadata | Unset):
        retry_schedule (list[int] | None | Unset):
        retention_days (int | None | Unset):
    """

    name: str | Unset = UNSET
    uid: None | str | Unset = UNSET
    metadata: ApplicationPatchMetadata | Unset = UNSET
    retry_schedule: list[int] | None | Unset = UNSET
    retention_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        uid: None | str | Unset
        if isinstance(self.uid, Unset):
            uid = UNSET
        else:
            uid = self.uid

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        retry_schedule: list[int] | None | Unset
        if isinstance(self.retry_schedule, Unset):
            retry_schedule = UNSET
        elif isinstance(self.retry_schedule, list):
            retry_schedule = self.retry_schedule

        else:
            retry_schedule = self.retry_schedule

        retention_days: int | None | Unset
        if isinstance(self.retention_days, Unset):
            retention_days = UNSET
        else:
            retention_days = self.retention_days

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
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
        from ..models.application_patch_metadata import ApplicationPatchMetadata  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_uid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uid = _parse_uid(d.pop("uid", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: ApplicationPatchMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ApplicationPatchMetadata.from_dict(_metadata)

        def _parse_retry_schedule(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                retry_schedule_type_0 = cast(list[int], data)

                return retry_schedule_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        retry_schedule = _parse_retry_schedule(d.pop("retrySchedule", UNSET))

        def _parse_retention_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retention_days = _parse_retention_days(d.pop("retentionDays", UNSET))

        application_patch = cls(
            name=name,
            uid=uid,
            metadata=metadata,
            retry_schedule=retry_schedule,
            retention_days=retention_days,
        )

        return application_patch
