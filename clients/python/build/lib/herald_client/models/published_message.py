from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.first_attempt import FirstAttempt


T = TypeVar("T", bound="PublishedMessage")


@_attrs_define
class PublishedMessage:
    """
    Attributes:
        id (str):
        event_type (str):
        event_id (None | str):
        channels (list[str]):
        payload (Any):
        timestamp (str):
        request_id (None | str):
        deliveries (list[FirstAttempt] | Unset):
    """

    id: str
    event_type: str
    event_id: None | str
    channels: list[str]
    payload: Any
    timestamp: str
    request_id: None | str
    deliveries: list[FirstAttempt] | Unset = UNSET

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

        deliveries: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.deliveries, Unset):
            deliveries = []
            for deliveries_item_data in self.deliveries:
                deliveries_item = deliveries_item_data.to_dict()
                deliveries.append(deliveries_item)

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
        if deliveries is not UNSET:
            field_dict["deliveries"] = deliveries

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.first_attempt import FirstAttempt  # noqa: PLC0415

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

        _deliveries = d.pop("deliveries", UNSET)
        deliveries: list[FirstAttempt] | Unset = UNSET
        if _deliveries is not UNSET:
            deliveries = []
            for deliveries_item_data in _deliveries:
                deliveries_item = FirstAttempt.from_dict(deliveries_item_data)

                deliveries.append(deliveries_item)

        published_message = cls(
            id=id,
            event_type=event_type,
            event_id=event_id,
            channels=channels,
            payload=payload,
            timestamp=timestamp,
            request_id=request_id,
            deliveries=deliveries,
        )

        return published_message
