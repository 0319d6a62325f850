from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.application_metadata import ApplicationMetadata


T = TypeVar("T", bound="Application")


@_attrs_define
class Application:
    """
    Attributes:
        id (str):
        uid (None | str):
        name (str):
        metadata (ApplicationMetadata):
        retry_schedule (list[int] | None):
        retention_days (int | None):
        created_at (str):
        updated_at (str):
    """

    id: str
    uid: None | str
    name: str
    metadata: ApplicationMetadata
    retry_schedule: list[int] | None
    retention_days: int | None
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        uid: None | str
        uid = self.uid

        name = self.name

        metadata = self.metadata.to_dict()

        retry_schedule: list[int] | None
        if isinstance(self.retry_schedule, list):
            retry_schedule = self.retry_schedule

        else:
            retry_schedule = self.retry_schedule

        retention_days: int | None
        retention_days = self.retention_days

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "uid": uid,
                "name": name,
                "metadata": metadata,
                "retrySchedule": retry_schedule,
                "retentionDays": retention_days,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.application_metadata import ApplicationMetadata  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_uid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        uid = _parse_uid(d.pop("uid"))

        name = d.pop("name")

        metadata = ApplicationMetadata.from_dict(d.pop("metadata"))

        def _parse_retry_schedule(data: object) -> list[int] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                retry_schedule_type_0 = cast(list[int], data)

                return retry_schedule_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None, data)

        retry_schedule = _parse_retry_schedule(d.pop("retrySchedule"))

        def _parse_retention_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        retention_days = _parse_retention_days(d.pop("retentionDays"))

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        application = cls(
            id=id,
            uid=uid,
            name=name,
            metadata=metadata,
            retry_schedule=retry_schedule,
            retention_days=retention_days,
            created_at=created_at,
            updated_at=updated_at,
        )

        return application
