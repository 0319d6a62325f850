from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ApiKeyCreated")


@_attrs_define
class ApiKeyCreated:
    """
    Attributes:
        id (str):
        name (str):
        app (None | str):
        created_at (str):
        key (str):
    """

    id: str
    name: str
    app: None | str
    created_at: str
    key: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        app: None | str
        app = self.app

        created_at = self.created_at

        key = self.key

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "app": app,
                "createdAt": created_at,
                "key": key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_app(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app = _parse_app(d.pop("app"))

        created_at = d.pop("createdAt")

        key = d.pop("key")

        api_key_created = cls(
            id=id,
            name=name,
            app=app,
            created_at=created_at,
            key=key,
        )

        return api_key_created
