from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source_request_status import (
    SourceRequestStatus,
    check_source_request_status,
)

if TYPE_CHECKING:
    from ..models.source_request_headers import SourceRequestHeaders


T = TypeVar("T", bound="SourceRequest")


@_attrs_define
class SourceRequest:
    """
    Attributes:
        id (str):
        received_at (str):
        headers (SourceRequestHeaders):
        body (str):
        truncated (bool):
        status (SourceRequestStatus):
        error (None | str):
        message_id (None | str):
        replay_of (None | str):
    """

    id: str
    received_at: str
    headers: SourceRequestHeaders
    body: str
    truncated: bool
    status: SourceRequestStatus
    error: None | str
    message_id: None | str
    replay_of: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        received_at = self.received_at

        headers = self.headers.to_dict()

        body = self.body

        truncated = self.truncated

        status: str = self.status

        error: None | str
        error = self.error

        message_id: None | str
        message_id = self.message_id

        replay_of: None | str
        replay_of = self.replay_of

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "receivedAt": received_at,
                "headers": headers,
                "body": body,
                "truncated": truncated,
                "status": status,
                "error": error,
                "messageId": message_id,
                "replayOf": replay_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_request_headers import SourceRequestHeaders  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        received_at = d.pop("receivedAt")

        headers = SourceRequestHeaders.from_dict(d.pop("headers"))

        body = d.pop("body")

        truncated = d.pop("truncated")

        status = check_source_request_status(d.pop("status"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message_id = _parse_message_id(d.pop("messageId"))

        def _parse_replay_of(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        replay_of = _parse_replay_of(d.pop("replayOf"))

        source_request = cls(
            id=id,
            received_at=received_at,
            headers=headers,
            body=body,
            truncated=truncated,
            status=status,
            error=error,
            message_id=message_id,
            replay_of=replay_of,
        )

        return source_request
