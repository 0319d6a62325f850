from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SourceEventTypeType0")


@_attrs_define
class SourceEventTypeType0:
    """
    Attributes:
        header (str):
    """

    header: str

    def to_dict(self) -> dict[str, Any]:
        header = self.header

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "header": header,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        header = d.pop("header")

        source_event_type_type_0 = cls(
            header=header,
        )

        return source_event_type_type_0
