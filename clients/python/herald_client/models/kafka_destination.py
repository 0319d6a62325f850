from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KafkaDestination")


@_attrs_define
class KafkaDestination:
    """
    Attributes:
        type_ (Literal['kafka']):
        brokers (list[str]):
        topic (str):
        key (str | Unset):
    """

    type_: Literal["kafka"]
    brokers: list[str]
    topic: str
    key: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        brokers = self.brokers

        topic = self.topic

        key = self.key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "brokers": brokers,
                "topic": topic,
            }
        )
        if key is not UNSET:
            field_dict["key"] = key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["kafka"], d.pop("type"))
        if type_ != "kafka":
            raise ValueError(f"type must match const 'kafka', got '{type_}'")

        brokers = cast(list[str], d.pop("brokers"))

        topic = d.pop("topic")

        key = d.pop("key", UNSET)

        kafka_destination = cls(
            type_=type_,
            brokers=brokers,
            topic=topic,
            key=key,
        )

        return kafka_destination
