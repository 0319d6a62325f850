from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReplayIn")


@_attrs_define
class ReplayIn:
    """
    Attributes:
        since (datetime.datetime):
        until (datetime.datetime | Unset):
        event_types (list[str] | Unset):
        endpoint (str | Unset):
        failed_only (bool | Unset):
    """

    since: datetime.datetime
    until: datetime.datetime | Unset = UNSET
    event_types: list[str] | Unset = UNSET
    endpoint: str | Unset = UNSET
    failed_only: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        until: str | Unset = UNSET
        if not isinstance(self.until, Unset):
            until = self.until.isoformat()

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types

        endpoint = self.endpoint

        failed_only = self.failed_only

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "since": since,
            }
        )
        if until is not UNSET:
            field_dict["until"] = until
        if event_types is not UNSET:
            field_dict["eventTypes"] = event_types
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if failed_only is not UNSET:
            field_dict["failedOnly"] = failed_only

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))

        _until = d.pop("until", UNSET)
        until: datetime.datetime | Unset
        if isinstance(_until, Unset):
            until = UNSET
        else:
            until = datetime.datetime.fromisoformat(_until)

        event_types = cast(list[str], d.pop("eventTypes", UNSET))

        endpoint = d.pop("endpoint", UNSET)

        failed_only = d.pop("failedOnly", UNSET)

        replay_in = cls(
            since=since,
            until=until,
            event_types=event_types,
            endpoint=endpoint,
            failed_only=failed_only,
        )

        return replay_in
