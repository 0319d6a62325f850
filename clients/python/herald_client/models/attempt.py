from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.attempt_status import AttemptStatus, check_attempt_status
from ..models.attempt_trigger import AttemptTrigger, check_attempt_trigger

if TYPE_CHECKING:
    from ..models.attempt_request_headers import AttemptRequestHeaders
    from ..models.attempt_response_headers_type_0 import AttemptResponseHeadersType0


T = TypeVar("T", bound="Attempt")


@_attrs_define
class Attempt:
    """
    Attributes:
        id (str):
        message_id (str):
        endpoint_id (str):
        attempt (int):
        trigger (AttemptTrigger):
        status (AttemptStatus):
        url (str):
        request_headers (AttemptRequestHeaders):
        response_status_code (int | None):
        response_body (None | str):
        response_headers (AttemptResponseHeadersType0 | None):
        truncated (bool):
        duration_ms (int):
        error (None | str):
        timestamp (str):
    """

    id: str
    message_id: str
    endpoint_id: str
    attempt: int
    trigger: AttemptTrigger
    status: AttemptStatus
    url: str
    request_headers: AttemptRequestHeaders
    response_status_code: int | None
    response_body: None | str
    response_headers: AttemptResponseHeadersType0 | None
    truncated: bool
    duration_ms: int
    error: None | str
    timestamp: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.attempt_response_headers_type_0 import AttemptResponseHeadersType0  # noqa: PLC0415

        id = self.id

        message_id = self.message_id

        endpoint_id = self.endpoint_id

        attempt = self.attempt

        trigger: str = self.trigger

        status: str = self.status

        url = self.url

        request_headers = self.request_headers.to_dict()

        response_status_code: int | None
        response_status_code = self.response_status_code

        response_body: None | str
        response_body = self.response_body

        response_headers: dict[str, Any] | None
        if isinstance(self.response_headers, AttemptResponseHeadersType0):
            response_headers = self.response_headers.to_dict()
        else:
            response_headers = self.response_headers

        truncated = self.truncated

        duration_ms = self.duration_ms

        error: None | str
        error = self.error

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "messageId": message_id,
                "endpointId": endpoint_id,
                "attempt": attempt,
                "trigger": trigger,
                "status": status,
                "url": url,
                "requestHeaders": request_headers,
                "responseStatusCode": response_status_code,
                "responseBody": response_body,
                "responseHeaders": response_headers,
                "truncated": truncated,
                "durationMs": duration_ms,
                "error": error,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt_request_headers import AttemptRequestHeaders  # noqa: PLC0415
        from ..models.attempt_response_headers_type_0 import AttemptResponseHeadersType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        message_id = d.pop("messageId")

        endpoint_id = d.pop("endpointId")

        attempt = d.pop("attempt")

        trigger = check_attempt_trigger(d.pop("trigger"))

        status = check_attempt_status(d.pop("status"))

        url = d.pop("url")

        request_headers = AttemptRequestHeaders.from_dict(d.pop("requestHeaders"))

        def _parse_response_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status_code = _parse_response_status_code(d.pop("responseStatusCode"))

        def _parse_response_body(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_body = _parse_response_body(d.pop("responseBody"))

        def _parse_response_headers(data: object) -> AttemptResponseHeadersType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_headers_type_0 = AttemptResponseHeadersType0.from_dict(data)

                return response_headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AttemptResponseHeadersType0 | None, data)

        response_headers = _parse_response_headers(d.pop("responseHeaders"))

        truncated = d.pop("truncated")

        duration_ms = d.pop("durationMs")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        timestamp = d.pop("timestamp")

        attempt = cls(
            id=id,
            message_id=message_id,
            endpoint_id=endpoint_id,
            attempt=attempt,
            trigger=trigger,
            status=status,
            url=url,
            request_headers=request_headers,
            response_status_code=response_status_code,
            response_body=response_body,
            response_headers=response_headers,
            truncated=truncated,
            duration_ms=duration_ms,
            error=error,
            timestamp=timestamp,
        )

        return attempt
