from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.source_event_type_type_0 import SourceEventTypeType0
    from ..models.source_event_type_type_1 import SourceEventTypeType1
    from ..models.source_event_type_type_2 import SourceEventTypeType2
    from ..models.source_verification import SourceVerification


T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """
    Attributes:
        id (str):
        app_id (str):
        uid (None | str):
        name (str):
        verification (SourceVerification):
        event_type (SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2):
        ingest_url (str):
        created_at (str):
        updated_at (str):
    """

    id: str
    app_id: str
    uid: None | str
    name: str
    verification: SourceVerification
    event_type: SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2
    ingest_url: str
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415

        id = self.id

        app_id = self.app_id

        uid: None | str
        uid = self.uid

        name = self.name

        verification = self.verification.to_dict()

        event_type: dict[str, Any]
        if isinstance(self.event_type, SourceEventTypeType0):
            event_type = self.event_type.to_dict()
        elif isinstance(self.event_type, SourceEventTypeType1):
            event_type = self.event_type.to_dict()
        else:
            event_type = self.event_type.to_dict()

        ingest_url = self.ingest_url

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "appId": app_id,
                "uid": uid,
                "name": name,
                "verification": verification,
                "eventType": event_type,
                "ingestUrl": ingest_url,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_event_type_type_2 import SourceEventTypeType2  # noqa: PLC0415
        from ..models.source_verification import SourceVerification  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        app_id = d.pop("appId")

        def _parse_uid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        uid = _parse_uid(d.pop("uid"))

        name = d.pop("name")

        verification = SourceVerification.from_dict(d.pop("verification"))

        def _parse_event_type(
            data: object,
        ) -> SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_source_event_type_type_0 = (
                    SourceEventTypeType0.from_dict(data)
                )

                return componentsschemas_source_event_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_source_event_type_type_1 = (
                    SourceEventTypeType1.from_dict(data)
                )

                return componentsschemas_source_event_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_source_event_type_type_2 = SourceEventTypeType2.from_dict(
                data
            )

            return componentsschemas_source_event_type_type_2

        event_type = _parse_event_type(d.pop("eventType"))

        ingest_url = d.pop("ingestUrl")

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        source = cls(
            id=id,
            app_id=app_id,
            uid=uid,
            name=name,
            verification=verification,
            event_type=event_type,
            ingest_url=ingest_url,
            created_at=created_at,
            updated_at=updated_at,
        )

        return source
