from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="EndpointSecretOut")


@_attrs_define
class EndpointSecretOut:
    """
    Attributes:
        key (str):
        public_key (None | str):
    """

    key: str
    public_key: None | str

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        public_key: None | str
        public_key = self.public_key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "publicKey": public_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        def _parse_public_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        public_key = _parse_public_key(d.pop("publicKey"))

        endpoint_secret_out = cls(
            key=key,
            public_key=public_key,
        )

        return endpoint_secret_out
