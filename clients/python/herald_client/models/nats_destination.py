from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="NatsDestination")


@_attrs_define
class NatsDestination:
    """
    Attributes:
        type_ (Literal['nats']):
        url (str):
        subject (str):
    """

    type_: Literal["nats"]
    url: str
    subject: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        url = self.url

        subject = self.subject

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "url": url,
                "subject": subject,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["nats"], d.pop("type"))
        if type_ != "nats":
            raise ValueError(f"type must match const 'nats', got '{type_}'")

        url = d.pop("url")

        subject = d.pop("subject")

        nats_destination = cls(
            type_=type_,
            url=url,
            subject=subject,
        )

        return nats_destination
