from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """
    Attributes:
        id (str):
        event_type (str):
        event_id (None | str):
        channels (list[str]):
        payload (Any):
        timestamp (str):
        request_id (None | str):
    """

    id: str
    event_type: str
    event_id: None | str
    channels: list[str]
    payload: Any
    timestamp: str
    request_id: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_type = self.event_type

        event_id: None | str
        event_id = self.event_id

        channels = self.channels

        payload = self.payload

        timestamp = self.timestamp

        request_id: None | str
        request_id = self.request_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "eventType": event_type,
                "eventId": event_id,
                "channels": channels,
                "payload": payload,
                "timestamp": timestamp,
                "requestId": request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        event_type = d.pop("eventType")

        def _parse_event_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_id = _parse_event_id(d.pop("eventId"))

        channels = cast(list[str], d.pop("channels"))

        payload = d.pop("payload")

        timestamp = d.pop("timestamp")

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("requestId"))

        message = cls(
            id=id,
            event_type=event_type,
            event_id=event_id,
            channels=channels,
            payload=payload,
            timestamp=timestamp,
            request_id=request_id,
        )

        return message
