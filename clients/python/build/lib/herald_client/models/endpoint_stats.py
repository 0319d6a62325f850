from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.endpoint_stats_attempts import EndpointStatsAttempts
    from ..models.endpoint_stats_counts import EndpointStatsCounts
    from ..models.endpoint_stats_latency_ms import EndpointStatsLatencyMs
    from ..models.stats_bucket import StatsBucket


T = TypeVar("T", bound="EndpointStats")


@_attrs_define
class EndpointStats:
    """
    Attributes:
        since (str):
        counts (EndpointStatsCounts):
        attempts (EndpointStatsAttempts):
        success_rate (float | None):
        latency_ms (EndpointStatsLatencyMs):
        last_attempt_at (None | str):
        series (list[StatsBucket] | Unset):
    """

    since: str
    counts: EndpointStatsCounts
    attempts: EndpointStatsAttempts
    success_rate: float | None
    latency_ms: EndpointStatsLatencyMs
    last_attempt_at: None | str
    series: list[StatsBucket] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        since = self.since

        counts = self.counts.to_dict()

        attempts = self.attempts.to_dict()

        success_rate: float | None
        success_rate = self.success_rate

        latency_ms = self.latency_ms.to_dict()

        last_attempt_at: None | str
        last_attempt_at = self.last_attempt_at

        series: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.series, Unset):
            series = []
            for series_item_data in self.series:
                series_item = series_item_data.to_dict()
                series.append(series_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "since": since,
                "counts": counts,
                "attempts": attempts,
                "successRate": success_rate,
                "latencyMs": latency_ms,
                "lastAttemptAt": last_attempt_at,
            }
        )
        if series is not UNSET:
            field_dict["series"] = series

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoint_stats_attempts import EndpointStatsAttempts  # noqa: PLC0415
        from ..models.endpoint_stats_counts import EndpointStatsCounts  # noqa: PLC0415
        from ..models.endpoint_stats_latency_ms import EndpointStatsLatencyMs  # noqa: PLC0415
        from ..models.stats_bucket import StatsBucket  # noqa: PLC0415

        d = dict(src_dict)
        since = d.pop("since")

        counts = EndpointStatsCounts.from_dict(d.pop("counts"))

        attempts = EndpointStatsAttempts.from_dict(d.pop("attempts"))

        def _parse_success_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        success_rate = _parse_success_rate(d.pop("successRate"))

        latency_ms = EndpointStatsLatencyMs.from_dict(d.pop("latencyMs"))

        def _parse_last_attempt_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_attempt_at = _parse_last_attempt_at(d.pop("lastAttemptAt"))

        _series = d.pop("series", UNSET)
        series: list[StatsBucket] | Unset = UNSET
        if _series is not UNSET:
            series = []
            for series_item_data in _series:
                series_item = StatsBucket.from_dict(series_item_data)

                series.append(series_item)

        endpoint_stats = cls(
            since=since,
            counts=counts,
            attempts=attempts,
            success_rate=success_rate,
            latency_ms=latency_ms,
            last_attempt_at=last_attempt_at,
            series=series,
        )

        return endpoint_stats
