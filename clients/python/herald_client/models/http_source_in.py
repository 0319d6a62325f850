from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_event_type_type_0 import SourceEventTypeType0
    from ..models.source_event_type_type_1 import SourceEventTypeType1
    from ..models.source_event_type_type_2 import SourceEventTypeType2
    from ..models.source_verification_in import SourceVerificationIn


T = TypeVar("T", bound="HttpSourceIn")


@_attrs_define
class HttpSourceIn:
    """
    Attributes:
        name (str):
        event_type (SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2):
        verification (SourceVerificationIn):
        type_ (Literal['http'] | Unset):  Default: 'http'.
        uid (str | Unset):
        rate_limit_per_minute (int | Unset):
        max_body_bytes (int | Unset):
    """

    name: str
    event_type: SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2
    verification: SourceVerificationIn
    type_: Literal["http"] | Unset = "http"
    uid: str | Unset = UNSET
    rate_limit_per_minute: int | Unset = UNSET
    max_body_bytes: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415

        name = self.name

        event_type: dict[str, Any]
        if isinstance(self.event_type, SourceEventTypeType0):
            event_type = self.event_type.to_dict()
        elif isinstance(self.event_type, SourceEventTypeType1):
            event_type = self.event_type.to_dict()
        else:
            event_type = self.event_type.to_dict()

        verification = self.verification.to_dict()

        type_ = self.type_

        uid = self.uid

        rate_limit_per_minute = self.rate_limit_per_minute

        max_body_bytes = self.max_body_bytes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "eventType": event_type,
                "verification": verification,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if uid is not UNSET:
            field_dict["uid"] = uid
        if rate_limit_per_minute is not UNSET:
            field_dict["rateLimitPerMinute"] = rate_limit_per_minute
        if max_body_bytes is not UNSET:
            field_dict["maxBodyBytes"] = max_body_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_event_type_type_2 import SourceEventTypeType2  # noqa: PLC0415
        from ..models.source_verification_in import SourceVerificationIn  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

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

        verification = SourceVerificationIn.from_dict(d.pop("verification"))

        type_ = cast(Literal["http"] | Unset, d.pop("type", UNSET))
        if type_ != "http" and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'http', got '{type_}'")

        uid = d.pop("uid", UNSET)

        rate_limit_per_minute = d.pop("rateLimitPerMinute", UNSET)

        max_body_bytes = d.pop("maxBodyBytes", UNSET)

        http_source_in = cls(
            name=name,
            event_type=event_type,
            verification=verification,
            type_=type_,
            uid=uid,
            rate_limit_per_minute=rate_limit_per_minute,
            max_body_bytes=max_body_bytes,
        )

        return http_source_in
