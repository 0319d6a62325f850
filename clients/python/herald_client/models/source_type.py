from typing import Literal

SourceType = Literal["amqp", "http", "kafka", "nats", "redis"]

SOURCE_TYPE_VALUES: set[SourceType] = {
    "amqp",
    "http",
    "kafka",
    "nats",
    "redis",
}


def check_source_type(value: str) -> SourceType:
    if value in SOURCE_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SOURCE_TYPE_VALUES!r}"
    )
