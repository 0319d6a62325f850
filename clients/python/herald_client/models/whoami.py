from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.portal_branding import PortalBranding


T = TypeVar("T", bound="Whoami")


@_attrs_define
class Whoami:
    """
    Attributes:
        key_id (str):
        app (None | str):
        root (bool):
        portal (bool):
        branding (PortalBranding):
    """

    key_id: str
    app: None | str
    root: bool
    portal: bool
    branding: PortalBranding

    def to_dict(self) -> dict[str, Any]:
        key_id = self.key_id

        app: None | str
        app = self.app

        root = self.root

        portal = self.portal

        branding = self.branding.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "keyId": key_id,
                "app": app,
                "root": root,
                "portal": portal,
                "branding": branding,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.portal_branding import PortalBranding  # noqa: PLC0415

        d = dict(src_dict)
        key_id = d.pop("keyId")

        def _parse_app(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app = _parse_app(d.pop("app"))

        root = d.pop("root")

        portal = d.pop("portal")

        branding = PortalBranding.from_dict(d.pop("branding"))

        whoami = cls(
            key_id=key_id,
            app=app,
            root=root,
            portal=portal,
            branding=branding,
        )

        return whoami
