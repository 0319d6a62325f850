from typing import Literal

ListAttemptsStatus = Literal["failed", "succeeded"]

LIST_ATTEMPTS_STATUS_VALUES: set[ListAttemptsStatus] = {
    "failed",
    "succeeded",
}


def check_list_attempts_status(value: str) -> ListAttemptsStatus:
    if value in LIST_ATTEMPTS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {LIST_ATTEMPTS_STATUS_VALUES!r}"
    )
