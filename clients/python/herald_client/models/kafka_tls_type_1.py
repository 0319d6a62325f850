from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KafkaTlsType1")


@_attrs_define
class KafkaTlsType1:
    """
    Attributes:
        ca (str | Unset):
        reject_unauthorized (bool | Unset):
    """

    ca: str | Unset = UNSET
    reject_unauthorized: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        ca = self.ca

        reject_unauthorized = self.reject_unauthorized

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ca is not UNSET:
            field_dict["ca"] = ca
        if reject_unauthorized is not UNSET:
            field_dict["rejectUnauthorized"] = reject_unauthorized

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ca = d.pop("ca", UNSET)

        reject_unauthorized = d.pop("rejectUnauthorized", UNSET)

        kafka_tls_type_1 = cls(
            ca=ca,
            reject_unauthorized=reject_unauthorized,
        )

        return kafka_tls_type_1
