from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SourceEventTypeType1")


@_attrs_define
class SourceEventTypeType1:
    """
    Attributes:
        body_path (str):
    """

    body_path: str

    def to_dict(self) -> dict[str, Any]:
        body_path = self.body_path

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bodyPath": body_path,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body_path = d.pop("bodyPath")

        source_event_type_type_1 = cls(
            body_path=body_path,
        )

        return source_event_type_type_1
