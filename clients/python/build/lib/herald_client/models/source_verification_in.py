from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.source_verification_type import (
    SourceVerificationType,
    check_source_verification_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SourceVerificationIn")


@_attrs_define
class SourceVerificationIn:
    """
    Attributes:
        type_ (SourceVerificationType):
        secret (str | Unset):
        header (str | Unset):
    """

    type_: SourceVerificationType
    secret: str | Unset = UNSET
    header: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        secret = self.secret

        header = self.header

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if secret is not UNSET:
            field_dict["secret"] = secret
        if header is not UNSET:
            field_dict["header"] = header

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_source_verification_type(d.pop("type"))

        secret = d.pop("secret", UNSET)

        header = d.pop("header", UNSET)

        source_verification_in = cls(
            type_=type_,
            secret=secret,
            header=header,
        )

        return source_verification_in
