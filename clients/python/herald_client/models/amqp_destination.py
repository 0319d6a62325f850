from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="AmqpDestination")


@_attrs_define
class AmqpDestination:
    """
    Attributes:
        type_ (Literal['amqp']):
        url (str):
        exchange (str):
        routing_key (str):
    """

    type_: Literal["amqp"]
    url: str
    exchange: str
    routing_key: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        url = self.url

        exchange = self.exchange

        routing_key = self.routing_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "url": url,
                "exchange": exchange,
                "routingKey": routing_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["amqp"], d.pop("type"))
        if type_ != "amqp":
            raise ValueError(f"type must match const 'amqp', got '{type_}'")

        url = d.pop("url")

        exchange = d.pop("exchange")

        routing_key = d.pop("routingKey")

        amqp_destination = cls(
            type_=type_,
            url=url,
            exchange=exchange,
            routing_key=routing_key,
        )

        return amqp_destination
