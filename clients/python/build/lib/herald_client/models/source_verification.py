from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source_verification_type import (
    SourceVerificationType,
    check_source_verification_type,
)

T = TypeVar("T", bound="SourceVerification")


@_attrs_define
class SourceVerification:
    """
    Attributes:
        type_ (SourceVerificationType):
        header (None | str):
    """

    type_: SourceVerificationType
    header: None | str

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        header: None | str
        header = self.header

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "header": header,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_source_verification_type(d.pop("type"))

        def _parse_header(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        header = _parse_header(d.pop("header"))

        source_verification = cls(
            type_=type_,
            header=header,
        )

        return source_verification
