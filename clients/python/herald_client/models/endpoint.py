from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.endpoint_ordering import EndpointOrdering, check_endpoint_ordering

if TYPE_CHECKING:
    from ..models.amqp_destination import AmqpDestination
    from ..models.endpoint_circuit import EndpointCircuit
    from ..models.endpoint_headers import EndpointHeaders
    from ..models.endpoint_metadata import EndpointMetadata
    from ..models.kafka_destination import KafkaDestination
    from ..models.nats_destination import NatsDestination
    from ..models.redis_destination import RedisDestination


T = TypeVar("T", bound="Endpoint")


@_attrs_define
class Endpoint:
    """
    Attributes:
        id (str):
        app_id (str):
        uid (None | str):
        url (str):
        destination (AmqpDestination | KafkaDestination | NatsDestination | None | RedisDestination):
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
        failing_since (None | str):
        created_at (str):
        updated_at (str):
    """

    id: str
    app_id: str
    uid: None | str
    url: str
    destination: (
        AmqpDestination | KafkaDestination | NatsDestination | None | RedisDestination
    )
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
    failing_since: None | str
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.amqp_destination import AmqpDestination  # noqa: PLC0415
        from ..models.kafka_destination import KafkaDestination  # noqa: PLC0415
        from ..models.nats_destination import NatsDestination  # noqa: PLC0415
        from ..models.redis_destination import RedisDestination  # noqa: PLC0415

        id = self.id

        app_id = self.app_id

        uid: None | str
        uid = self.uid

        url = self.url

        destination: dict[str, Any] | None
        if isinstance(self.destination, AmqpDestination):
            destination = self.destination.to_dict()
        elif isinstance(self.destination, KafkaDestination):
            destination = self.destination.to_dict()
        elif isinstance(self.destination, NatsDestination):
            destination = self.destination.to_dict()
        elif isinstance(self.destination, RedisDestination):
            destination = self.destination.to_dict()
        else:
            destination = self.destination

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

        failing_since: None | str
        failing_since = self.failing_since

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "appId": app_id,
                "uid": uid,
                "url": url,
                "destination": destination,
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
                "failingSince": failing_since,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amqp_destination import AmqpDestination  # noqa: PLC0415
        from ..models.endpoint_circuit import EndpointCircuit  # noqa: PLC0415
        from ..models.endpoint_headers import EndpointHeaders  # noqa: PLC0415
        from ..models.endpoint_metadata import EndpointMetadata  # noqa: PLC0415
        from ..models.kafka_destination import KafkaDestination  # noqa: PLC0415
        from ..models.nats_destination import NatsDestination  # noqa: PLC0415
        from ..models.redis_destination import RedisDestination  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        app_id = d.pop("appId")

        def _parse_uid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        uid = _parse_uid(d.pop("uid"))

        url = d.pop("url")

        def _parse_destination(
            data: object,
        ) -> (
            AmqpDestination
            | KafkaDestination
            | NatsDestination
            | None
            | RedisDestination
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_endpoint_destination_type_0 = (
                    AmqpDestination.from_dict(data)
                )

                return componentsschemas_endpoint_destination_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_endpoint_destination_type_1 = (
                    KafkaDestination.from_dict(data)
                )

                return componentsschemas_endpoint_destination_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_endpoint_destination_type_2 = (
                    NatsDestination.from_dict(data)
                )

                return componentsschemas_endpoint_destination_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_endpoint_destination_type_3 = (
                    RedisDestination.from_dict(data)
                )

                return componentsschemas_endpoint_destination_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                AmqpDestination
                | KafkaDestination
                | NatsDestination
                | None
                | RedisDestination,
                data,
            )

        destination = _parse_destination(d.pop("destination"))

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

        def _parse_failing_since(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failing_since = _parse_failing_since(d.pop("failingSince"))

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        endpoint = cls(
            id=id,
            app_id=app_id,
            uid=uid,
            url=url,
            destination=destination,
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
            failing_since=failing_since,
            created_at=created_at,
            updated_at=updated_at,
        )

        return endpoint
