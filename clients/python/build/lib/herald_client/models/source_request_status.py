from typing import Literal

SourceRequestStatus = Literal["accepted", "rejected"]

SOURCE_REQUEST_STATUS_VALUES: set[SourceRequestStatus] = {
    "accepted",
    "rejected",
}


def check_source_request_status(value: str) -> SourceRequestStatus:
    if value in SOURCE_REQUEST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SOURCE_REQUEST_STATUS_VALUES!r}"
    )
