from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.endpoint_ordering import EndpointOrdering, check_endpoint_ordering

if TYPE_CHECKING:
    from ..models.endpoint_circuit import EndpointCircuit
    from ..models.endpoint_headers import EndpointHeaders
    from ..models.endpoint_metadata import EndpointMetadata


T = TypeVar("T", bound="Endpoint")


@_attrs_define
class Endpoint:
    """
    Attributes:
        id (str):
        app_id (str):
        uid (None | str):
        url (str):
        description (str):
        event_types (list[str]):
        channels (list[str]):
        rate_limit (int | None):
        headers (EndpointHeaders):
        disabled (bool):
        disabled_reason (None | str):
        metadata (EndpointMetadata):
        max_concurrency (int):
        ordering (EndpointOrdering):
        circuit (EndpointCircuit):
        created_at (str):
        updated_at (str):
    """

    id: str
    app_id: str
    uid: None | str
    url: str
    description: str
    event_types: list[str]
    channels: list[str]
    rate_limit: int | None
    headers: EndpointHeaders
    disabled: bool
    disabled_reason: None | str
    metadata: EndpointMetadata
    max_concurrency: int
    ordering: EndpointOrdering
    circuit: EndpointCircuit
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        app_id = self.app_id

        uid: None | str
        uid = self.uid

        url = self.url

        description = self.description

        event_types = self.event_types

        channels = self.channels

        rate_limit: int | None
        rate_limit = self.rate_limit

        headers = self.headers.to_dict()

        disabled = self.disabled

        disabled_reason: None | str
        disabled_reason = self.disabled_reason

        metadata = self.metadata.to_dict()

        max_concurrency = self.max_concurrency

        ordering: str = self.ordering

        circuit = self.circuit.to_dict()

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "appId": app_id,
                "uid": uid,
                "url": url,
                "description": description,
                "eventTypes": event_types,
                "channels": channels,
                "rateLimit": rate_limit,
                "headers": headers,
                "disabled": disabled,
                "disabledReason": disabled_reason,
                "metadata": metadata,
                "maxConcurrency": max_concurrency,
                "ordering": ordering,
                "circuit": circuit,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoint_circuit import EndpointCircuit  # noqa: PLC0415
        from ..models.endpoint_headers import EndpointHeaders  # noqa: PLC0415
        from ..models.endpoint_metadata import EndpointMetadata  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        app_id = d.pop("appId")

        def _parse_uid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        uid = _parse_uid(d.pop("uid"))

        url = d.pop("url")

        description = d.pop("description")

        event_types = cast(list[str], d.pop("eventTypes"))

        channels = cast(list[str], d.pop("channels"))

        def _parse_rate_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rate_limit = _parse_rate_limit(d.pop("rateLimit"))

        headers = EndpointHeaders.from_dict(d.pop("headers"))

        disabled = d.pop("disabled")

        def _parse_disabled_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabledReason"))

        metadata = EndpointMetadata.from_dict(d.pop("metadata"))

        max_concurrency = d.pop("maxConcurrency")

        ordering = check_endpoint_ordering(d.pop("ordering"))

        circuit = EndpointCircuit.from_dict(d.pop("circuit"))

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        endpoint = cls(
            id=id,
            app_id=app_id,
            uid=uid,
            url=url,
            description=description,
            event_types=event_types,
            channels=channels,
            rate_limit=rate_limit,
            headers=headers,
            disabled=disabled,
            disabled_reason=disabled_reason,
            metadata=metadata,
            max_concurrency=max_concurrency,
            ordering=ordering,
            circuit=circuit,
            created_at=created_at,
            updated_at=updated_at,
        )

        return endpoint
