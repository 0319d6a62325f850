from typing import Literal

GetEndpointStatsWindow = Literal["1h", "24h", "6h"]

GET_ENDPOINT_STATS_WINDOW_VALUES: set[GetEndpointStatsWindow] = {
    "1h",
    "24h",
    "6h",
}


def check_get_endpoint_stats_window(value: str) -> GetEndpointStatsWindow:
    if value in GET_ENDPOINT_STATS_WINDOW_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_ENDPOINT_STATS_WINDOW_VALUES!r}"
    )
