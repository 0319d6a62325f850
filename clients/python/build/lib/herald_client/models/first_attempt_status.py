from typing import Literal

FirstAttemptStatus = Literal["failed", "pending", "sending", "succeeded"]

FIRST_ATTEMPT_STATUS_VALUES: set[FirstAttemptStatus] = {
    "failed",
    "pending",
    "sending",
    "succeeded",
}


def check_first_attempt_status(value: str) -> FirstAttemptStatus:
    if value in FIRST_ATTEMPT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FIRST_ATTEMPT_STATUS_VALUES!r}"
    )
