from typing import Literal

ErrorCode = Literal[
    "bad_request",
    "conflict",
    "forbidden",
    "internal",
    "not_found",
    "payload_too_large",
    "rate_limited",
    "unauthorized",
    "unavailable",
    "unsupported_media_type",
    "uri_too_long",
    "validation_failed",
]

ERROR_CODE_VALUES: set[ErrorCode] = {
    "bad_request",
    "conflict",
    "forbidden",
    "internal",
    "not_found",
    "payload_too_large",
    "rate_limited",
    "unauthorized",
    "unavailable",
    "unsupported_media_type",
    "uri_too_long",
    "validation_failed",
}


def check_error_code(value: str) -> ErrorCode:
    if value in ERROR_CODE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ERROR_CODE_VALUES!r}"
    )
