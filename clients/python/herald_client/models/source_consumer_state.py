from typing import Literal

SourceConsumerState = Literal["connected", "connecting", "disconnected", "stopped"]

SOURCE_CONSUMER_STATE_VALUES: set[SourceConsumerState] = {
    "connected",
    "connecting",
    "disconnected",
    "stopped",
}


def check_source_consumer_state(value: str) -> SourceConsumerState:
    if value in SOURCE_CONSUMER_STATE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SOURCE_CONSUMER_STATE_VALUES!r}"
    )
