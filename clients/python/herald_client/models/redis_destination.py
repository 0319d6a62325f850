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

T = TypeVar("T", bound="RedisDestination")


@_attrs_define
class RedisDestination:
    """
    Attributes:
        type_ (Literal['redis']):
        url (str):
        stream (str):
        max_len (int | Unset):
    """

    type_: Literal["redis"]
    url: str
    stream: str
    max_len: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        url = self.url

        stream = self.stream

        max_len = self.max_len

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "url": url,
                "stream": stream,
            }
        )
        if max_len is not UNSET:
            field_dict["maxLen"] = max_len

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["redis"], d.pop("type"))
        if type_ != "redis":
            raise ValueError(f"type must match const 'redis', got '{type_}'")

        url = d.pop("url")

        stream = d.pop("stream")

        max_len = d.pop("maxLen", UNSET)

        redis_destination = cls(
            type_=type_,
            url=url,
            stream=stream,
            max_len=max_len,
        )

        return redis_destination
