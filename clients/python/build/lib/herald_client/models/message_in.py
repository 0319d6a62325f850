from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_in_payload import MessageInPayload


T = TypeVar("T", bound="MessageIn")


@_attrs_define
class MessageIn:
    """
    Attributes:
        event_type (str):
        payload (MessageInPayload):
        event_id (str | Unset):
        channels (list[str] | Unset):
    """

    event_type: str
    payload: MessageInPayload
    event_id: str | Unset = UNSET
    channels: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        payload = self.payload.to_dict()

        event_id = self.event_id

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "eventType": event_type,
                "payload": payload,
            }
        )
        if event_id is not UNSET:
            field_dict["eventId"] = event_id
        if channels is not UNSET:
            field_dict["channels"] = channels

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_in_payload import MessageInPayload  # noqa: PLC0415

        d = dict(src_dict)
        event_type = d.pop("eventType")

        payload = MessageInPayload.from_dict(d.pop("payload"))

        event_id = d.pop("eventId", UNSET)

        channels = cast(list[str], d.pop("channels", UNSET))

        message_in = cls(
            event_type=event_type,
            payload=payload,
            event_id=event_id,
            channels=channels,
        )

        return message_in
