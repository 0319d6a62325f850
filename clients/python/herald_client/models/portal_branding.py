from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PortalBranding")


@_attrs_define
class PortalBranding:
    """
    Attributes:
        name (None | str):
        logo_url (None | str):
        color (None | str):
    """

    name: None | str
    logo_url: None | str
    color: None | str

    def to_dict(self) -> dict[str, Any]:
        name: None | str
        name = self.name

        logo_url: None | str
        logo_url = self.logo_url

        color: None | str
        color = self.color

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "logoUrl": logo_url,
                "color": color,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_logo_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        logo_url = _parse_logo_url(d.pop("logoUrl"))

        def _parse_color(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        color = _parse_color(d.pop("color"))

        portal_branding = cls(
            name=name,
            logo_url=logo_url,
            color=color,
        )

        return portal_branding
