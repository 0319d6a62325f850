from typing import Literal

AttemptTrigger = Literal["manual", "scheduled"]

ATTEMPT_TRIGGER_VALUES: set[AttemptTrigger] = {
    "manual",
    "scheduled",
}


def check_attempt_trigger(value: str) -> AttemptTrigger:
    if value in ATTEMPT_TRIGGER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ATTEMPT_TRIGGER_VALUES!r}"
    )
