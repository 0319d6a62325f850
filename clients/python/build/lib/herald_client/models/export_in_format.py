from typing import Literal

ExportInFormat = Literal["csv", "ndjson"]

EXPORT_IN_FORMAT_VALUES: set[ExportInFormat] = {
    "csv",
    "ndjson",
}


def check_export_in_format(value: str) -> ExportInFormat:
    if value in EXPORT_IN_FORMAT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {EXPORT_IN_FORMAT_VALUES!r}"
    )
