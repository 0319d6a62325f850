from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SourceEventTypeType2")


@_attrs_define
class SourceEventTypeType2:
    """
    Attributes:
        fixed (str):
    """

    fixed: str

    def to_dict(self) -> dict[str, Any]:
        fixed = self.fixed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "fixed": fixed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        fixed = d.pop("fixed")

        source_event_type_type_2 = cls(
            fixed=fixed,
        )

        return source_event_type_type_2
