from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="IngestAccepted")


@_attrs_define
class IngestAccepted:
    """
    Attributes:
        message_id (str):
    """

    message_id: str

    def to_dict(self) -> dict[str, Any]:
        message_id = self.message_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messageId": message_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message_id = d.pop("messageId")

        ingest_accepted = cls(
            message_id=message_id,
        )

        return ingest_accepted
