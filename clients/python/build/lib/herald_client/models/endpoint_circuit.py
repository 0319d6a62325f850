from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.circuit_state import CircuitState, check_circuit_state

T = TypeVar("T", bound="EndpointCircuit")


@_attrs_define
class EndpointCircuit:
    """
    Attributes:
        state (CircuitState):
        opened_at (None | str):
        failures (int):
        probe_at (None | str):
    """

    state: CircuitState
    opened_at: None | str
    failures: int
    probe_at: None | str

    def to_dict(self) -> dict[str, Any]:
        state: str = self.state

        opened_at: None | str
        opened_at = self.opened_at

        failures = self.failures

        probe_at: None | str
        probe_at = self.probe_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "state": state,
                "openedAt": opened_at,
                "failures": failures,
                "probeAt": probe_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = check_circuit_state(d.pop("state"))

        def _parse_opened_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        opened_at = _parse_opened_at(d.pop("openedAt"))

        failures = d.pop("failures")

        def _parse_probe_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        probe_at = _parse_probe_at(d.pop("probeAt"))

        endpoint_circuit = cls(
            state=state,
            opened_at=opened_at,
            failures=failures,
            probe_at=probe_at,
        )

        return endpoint_circuit
