from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.first_attempt_status import FirstAttemptStatus, check_first_attempt_status

T = TypeVar("T", bound="FirstAttempt")


@_attrs_define
class FirstAttempt:
    """
    Attributes:
        endpoint_id (str):
        status (FirstAttemptStatus):
        response_status_code (int | None):
        duration_ms (int | None):
    """

    endpoint_id: str
    status: FirstAttemptStatus
    response_status_code: int | None
    duration_ms: int | None

    def to_dict(self) -> dict[str, Any]:
        endpoint_id = self.endpoint_id

        status: str = self.status

        response_status_code: int | None
        response_status_code = self.response_status_code

        duration_ms: int | None
        duration_ms = self.duration_ms

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpointId": endpoint_id,
                "status": status,
                "responseStatusCode": response_status_code,
                "durationMs": duration_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        endpoint_id = d.pop("endpointId")

        status = check_first_attempt_status(d.pop("status"))

        def _parse_response_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        response_status_code = _parse_response_status_code(d.pop("responseStatusCode"))

        def _parse_duration_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_ms = _parse_duration_ms(d.pop("durationMs"))

        first_attempt = cls(
            endpoint_id=endpoint_id,
            status=status,
            response_status_code=response_status_code,
            duration_ms=duration_ms,
        )

        return first_attempt
