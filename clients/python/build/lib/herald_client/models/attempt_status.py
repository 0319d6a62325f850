from typing import Literal

AttemptStatus = Literal["failed", "succeeded"]

ATTEMPT_STATUS_VALUES: set[AttemptStatus] = {
    "failed",
    "succeeded",
}


def check_attempt_status(value: str) -> AttemptStatus:
    if value in ATTEMPT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ATTEMPT_STATUS_VALUES!r}"
    )
