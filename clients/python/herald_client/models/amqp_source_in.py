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


T = TypeVar("T", bound="AmqpSourceIn")


@_attrs_define
class AmqpSourceIn:
    """
    Attributes:
        type_ (Literal['amqp']):
        name (str):
        event_type (SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2):
        url (str):
        queue (str):
        uid (str | Unset):
        dead_letter (str | Unset):
    """

    type_: Literal["amqp"]
    name: str
    event_type: SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2
    url: str
    queue: str
    uid: str | Unset = UNSET
    dead_letter: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415

        type_ = self.type_

        name = self.name

        event_type: dict[str, Any]
        if isinstance(self.event_type, SourceEventTypeType0):
            event_type = self.event_type.to_dict()
        elif isinstance(self.event_type, SourceEventTypeType1):
            event_type = self.event_type.to_dict()
        else:
            event_type = self.event_type.to_dict()

        url = self.url

        queue = self.queue

        uid = self.uid

        dead_letter = self.dead_letter

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "name": name,
                "eventType": event_type,
                "url": url,
                "queue": queue,
            }
        )
        if uid is not UNSET:
            field_dict["uid"] = uid
        if dead_letter is not UNSET:
            field_dict["deadLetter"] = dead_letter

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_event_type_type_2 import SourceEventTypeType2  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["amqp"], d.pop("type"))
        if type_ != "amqp":
            raise ValueError(f"type must match const 'amqp', got '{type_}'")

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

        url = d.pop("url")

        queue = d.pop("queue")

        uid = d.pop("uid", UNSET)

        dead_letter = d.pop("deadLetter", UNSET)

        amqp_source_in = cls(
            type_=type_,
            name=name,
            event_type=event_type,
            url=url,
            queue=queue,
            uid=uid,
            dead_letter=dead_letter,
        )

        return amqp_source_in
