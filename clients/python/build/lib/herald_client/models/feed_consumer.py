from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="FeedConsumer")


@_attrs_define
class FeedConsumer:
    """
    Attributes:
        consumer (str):
        iterator (None | str):
        updated_at (None | str):
    """

    consumer: str
    iterator: None | str
    updated_at: None | str

    def to_dict(self) -> dict[str, Any]:
        consumer = self.consumer

        iterator: None | str
        iterator = self.iterator

        updated_at: None | str
        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consumer": consumer,
                "iterator": iterator,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consumer = d.pop("consumer")

        def _parse_iterator(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        iterator = _parse_iterator(d.pop("iterator"))

        def _parse_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        updated_at = _parse_updated_at(d.pop("updatedAt"))

        feed_consumer = cls(
            consumer=consumer,
            iterator=iterator,
            updated_at=updated_at,
        )

        return feed_consumer
