from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PortalAccess")


@_attrs_define
class PortalAccess:
    """
    Attributes:
        token (str):
        url (str):
        expires_at (str):
    """

    token: str
    url: str
    expires_at: str

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        url = self.url

        expires_at = self.expires_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "token": token,
                "url": url,
                "expiresAt": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        url = d.pop("url")

        expires_at = d.pop("expiresAt")

        portal_access = cls(
            token=token,
            url=url,
            expires_at=expires_at,
        )

        return portal_access
