from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.delivery_status import DeliveryStatus, check_delivery_status

T = TypeVar("T", bound="Delivery")


@_attrs_define
class Delivery:
    """
    Attributes:
        endpoint_id (str):
        url (str):
        status (DeliveryStatus):
        attempts (int):
        next_attempt_at (None | str):
        updated_at (str):
    """

    endpoint_id: str
    url: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: None | str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        endpoint_id = self.endpoint_id

        url = self.url

        status: str = self.status

        attempts = self.attempts

        next_attempt_at: None | str
        next_attempt_at = self.next_attempt_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpointId": endpoint_id,
                "url": url,
                "status": status,
                "attempts": attempts,
                "nextAttemptAt": next_attempt_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        endpoint_id = d.pop("endpointId")

        url = d.pop("url")

        status = check_delivery_status(d.pop("status"))

        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("nextAttemptAt"))

        updated_at = d.pop("updatedAt")

        delivery = cls(
            endpoint_id=endpoint_id,
            url=url,
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            updated_at=updated_at,
        )

        return delivery
