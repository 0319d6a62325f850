from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source_consumer_state import (
    SourceConsumerState,
    check_source_consumer_state,
)

T = TypeVar("T", bound="SourceConsumer")


@_attrs_define
class SourceConsumer:
    """
    Attributes:
        state (SourceConsumerState):
        workers (int):
        lag (int | None):
        consumed (int):
        dead_lettered (int):
        last_error (None | str):
        last_error_at (None | str):
    """

    state: SourceConsumerState
    workers: int
    lag: int | None
    consumed: int
    dead_lettered: int
    last_error: None | str
    last_error_at: None | str

    def to_dict(self) -> dict[str, Any]:
        state: str = self.state

        workers = self.workers

        lag: int | None
        lag = self.lag

        consumed = self.consumed

        dead_lettered = self.dead_lettered

        last_error: None | str
        last_error = self.last_error

        last_error_at: None | str
        last_error_at = self.last_error_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "workers": workers,
                "lag": lag,
                "consumed": consumed,
                "deadLettered": dead_lettered,
                "lastError": last_error,
                "lastErrorAt": last_error_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = check_source_consumer_state(d.pop("state"))

        workers = d.pop("workers")

        def _parse_lag(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        lag = _parse_lag(d.pop("lag"))

        consumed = d.pop("consumed")

        dead_lettered = d.pop("deadLettered")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("lastError"))

        def _parse_last_error_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error_at = _parse_last_error_at(d.pop("lastErrorAt"))

        source_consumer = cls(
            state=state,
            workers=workers,
            lag=lag,
            consumed=consumed,
            dead_lettered=dead_lettered,
            last_error=last_error,
            last_error_at=last_error_at,
        )

        return source_consumer
