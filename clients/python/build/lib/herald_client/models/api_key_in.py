from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiKeyIn")


@_attrs_define
class ApiKeyIn:
    """
    Attributes:
        name (str):
        app (str | Unset):
    """

    name: str
    app: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        app = self.app

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if app is not UNSET:
            field_dict["app"] = app

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        app = d.pop("app", UNSET)

        api_key_in = cls(
            name=name,
            app=app,
        )

        return api_key_in
