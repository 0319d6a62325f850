from typing import Literal

EndpointOrdering = Literal["fifo", "unordered"]

ENDPOINT_ORDERING_VALUES: set[EndpointOrdering] = {
    "fifo",
    "unordered",
}


def check_endpoint_ordering(value: str) -> EndpointOrdering:
    if value in ENDPOINT_ORDERING_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENDPOINT_ORDERING_VALUES!r}"
    )
