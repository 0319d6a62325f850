from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FeedAck")


@_attrs_define
class FeedAck:
    """
    Attributes:
        iterator (str):
    """

    iterator: str

    def to_dict(self) -> dict[str, Any]:
        iterator = self.iterator

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "iterator": iterator,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        iterator = d.pop("iterator")

        feed_ack = cls(
            iterator=iterator,
        )

        return feed_ack
