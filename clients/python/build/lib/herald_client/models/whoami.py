from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Whoami")


@_attrs_define
class Whoami:
    """
    Attributes:
        key_id (str):
        app (None | str):
        root (bool):
    """

    key_id: str
    app: None | str
    root: bool

    def to_dict(self) -> dict[str, Any]:
        key_id = self.key_id

        app: None | str
        app = self.app

        root = self.root

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "keyId": key_id,
                "app": app,
                "root": root,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key_id = d.pop("keyId")

        def _parse_app(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app = _parse_app(d.pop("app"))

        root = d.pop("root")

        whoami = cls(
            key_id=key_id,
            app=app,
            root=root,
        )

        return whoami
