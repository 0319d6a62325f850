from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_event_type_type_0 import SourceEventTypeType0
    from ..models.source_event_type_type_1 import SourceEventTypeType1
    from ..models.source_event_type_type_2 import SourceEventTypeType2
    from ..models.source_verification_in import SourceVerificationIn


T = TypeVar("T", bound="SourceIn")


@_attrs_define
class SourceIn:
    """
    Attributes:
        name (str):
        verification (SourceVerificationIn):
        event_type (SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2):
        uid (str | Unset):
    """

    name: str
    verification: SourceVerificationIn
    event_type: SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2
    uid: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415

        name = self.name

        verification = self.verification.to_dict()

        event_type: dict[str, Any]
        if isinstance(self.event_type, SourceEventTypeType0):
            event_type = self.event_type.to_dict()
        elif isinstance(self.event_type, SourceEventTypeType1):
            event_type = self.event_type.to_dict()
        else:
            event_type = self.event_type.to_dict()

        uid = self.uid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "verification": verification,
                "eventType": event_type,
            }
        )
        if uid is not UNSET:
            field_dict["uid"] = uid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_event_type_type_2 import SourceEventTypeType2  # noqa: PLC0415
        from ..models.source_verification_in import SourceVerificationIn  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        verification = SourceVerificationIn.from_dict(d.pop("verification"))

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

        uid = d.pop("uid", UNSET)

        source_in = cls(
            name=name,
            verification=verification,
            event_type=event_type,
            uid=uid,
        )

        return source_in
