from typing import Literal

ReadEventsStart = Literal["now"]

READ_EVENTS_START_VALUES: set[ReadEventsStart] = {
    "now",
}


def check_read_events_start(value: str) -> ReadEventsStart:
    if value in READ_EVENTS_START_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {READ_EVENTS_START_VALUES!r}"
    )
