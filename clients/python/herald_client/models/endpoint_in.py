from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.endpoint_ordering import EndpointOrdering, check_endpoint_ordering
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.amqp_destination import AmqpDestination
    from ..models.endpoint_in_headers import EndpointInHeaders
    from ..models.endpoint_in_metadata import EndpointInMetadata
    from ..models.kafka_destination import KafkaDestination
    from ..models.nats_destination import NatsDestination
    from ..models.redis_destination import RedisDestination


T = TypeVar("T", bound="EndpointIn")


@_attrs_define
class EndpointIn:
    """
    Attributes:
        url (str | Unset):
        destination (AmqpDestination | KafkaDestination | NatsDestination | RedisDestination | Unset):
        uid (str | Unset):
        description (str | Unset):
        event_types (list[str] | Unset):
        channels (list[str] | Unset):
        secret (str | Unset):
        rate_limit (int | Unset):
        headers (EndpointInHeaders | Unset):
        disabled (bool | Unset):
        metadata (EndpointInMetadata | Unset):
        max_concurrency (int | Unset):
        ordering (EndpointOrdering | Unset):
    """

    url: str | Unset = UNSET
    destination: (
        AmqpDestination | KafkaDestination | NatsDestination | RedisDestination | Unset
    ) = UNSET
    uid: str | Unset = UNSET
    description: str | Unset = UNSET
    event_types: list[str] | Unset = UNSET
    channels: list[str] | Unset = UNSET
    secret: str | Unset = UNSET
    rate_limit: int | Unset = UNSET
    headers: EndpointInHeaders | Unset = UNSET
    disabled: bool | Unset = UNSET
    metadata: EndpointInMetadata | Unset = UNSET
    max_concurrency: int | Unset = UNSET
    ordering: EndpointOrdering | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.amqp_destination import AmqpDestination  # noqa: PLC0415
        from ..models.kafka_destination import KafkaDestination  # noqa: PLC0415
        from ..models.nats_destination import NatsDestination  # noqa: PLC0415

        url = self.url

        destination: dict[str, Any] | Unset
        if isinstance(self.destination, Unset):
            destination = UNSET
        elif isinstance(self.destination, AmqpDestination):
            destination = self.destination.to_dict()
        elif isinstance(self.destination, KafkaDestination):
            destination = self.destination.to_dict()
        elif isinstance(self.destination, NatsDestination):
            destination = self.destination.to_dict()
        else:
            destination = self.destination.to_dict()

        uid = self.uid

        description = self.description

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels

        secret = self.secret

        rate_limit = self.rate_limit

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        disabled = self.disabled

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        max_concurrency = self.max_concurrency

        ordering: str | Unset = UNSET
        if not isinstance(self.ordering, Unset):
            ordering = self.ordering

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if destination is not UNSET:
            field_dict["destination"] = destination
        if uid is not UNSET:
            field_dict["uid"] = uid
        if description is not UNSET:
            field_dict["description"] = description
        if event_types is not UNSET:
            field_dict["eventTypes"] = event_types
        if channels is not UNSET:
            field_dict["channels"] = channels
        if secret is not UNSET:
            field_dict["secret"] = secret
        if rate_limit is not UNSET:
            field_dict["rateLimit"] = rate_limit
        if headers is not UNSET:
            field_dict["headers"] = headers
        if disabled is not UNSET:
            field_dict["disabled"] = disabled
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if max_concurrency is not UNSET:
            field_dict["maxConcurrency"] = max_concurrency
        if ordering is not UNSET:
            field_dict["ordering"] = ordering

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amqp_destination import AmqpDestination  # noqa: PLC0415
        from ..models.endpoint_in_headers import EndpointInHeaders  # noqa: PLC0415
        from ..models.endpoint_in_metadata import EndpointInMetadata  # noqa: PLC0415
        from ..models.kafka_destination import KafkaDestination  # noqa: PLC0415
        from ..models.nats_destination import NatsDestination  # noqa: PLC0415
        from ..models.redis_destination import RedisDestination  # noqa: PLC0415

        d = dict(src_dict)
        url = d.pop("url", UNSET)

        def _parse_destination(
            data: object,
        ) -> (
            AmqpDestination
            | KafkaDestination
            | NatsDestination
            | RedisDestination
            | Unset
        ):
            if isinstance(data, Unset):
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
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_endpoint_destination_type_3 = RedisDestination.from_dict(
                data
            )

            return componentsschemas_endpoint_destination_type_3

        destination = _parse_destination(d.pop("destination", UNSET))

        uid = d.pop("uid", UNSET)

        description = d.pop("description", UNSET)

        event_types = cast(list[str], d.pop("eventTypes", UNSET))

        channels = cast(list[str], d.pop("channels", UNSET))

        secret = d.pop("secret", UNSET)

        rate_limit = d.pop("rateLimit", UNSET)

        _headers = d.pop("headers", UNSET)
        headers: EndpointInHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = EndpointInHeaders.from_dict(_headers)

        disabled = d.pop("disabled", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: EndpointInMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = EndpointInMetadata.from_dict(_metadata)

        max_concurrency = d.pop("maxConcurrency", UNSET)

        _ordering = d.pop("ordering", UNSET)
        ordering: EndpointOrdering | Unset
        if isinstance(_ordering, Unset):
            ordering = UNSET
        else:
            ordering = check_endpoint_ordering(_ordering)

        endpoint_in = cls(
            url=url,
            destination=destination,
            uid=uid,
            description=description,
            event_types=event_types,
            channels=channels,
            secret=secret,
            rate_limit=rate_limit,
            headers=headers,
            disabled=disabled,
            metadata=metadata,
            max_concurrency=max_concurrency,
            ordering=ordering,
        )

        return endpoint_in
