from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source_type import SourceType, check_source_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kafka_sasl import KafkaSasl
    from ..models.kafka_tls_type_1 import KafkaTlsType1
    from ..models.source_consumer import SourceConsumer
    from ..models.source_event_type_type_0 import SourceEventTypeType0
    from ..models.source_event_type_type_1 import SourceEventTypeType1
    from ..models.source_event_type_type_2 import SourceEventTypeType2
    from ..models.source_verification_type_0 import SourceVerificationType0


T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """
    Attributes:
        id (str):
        app_id (str):
        uid (None | str):
        name (str):
        type_ (SourceType):
        verification (None | SourceVerificationType0):
        event_type (SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2):
        rate_limit_per_minute (int | None):
        max_body_bytes (int | None):
        ingest_url (None | str):
        created_at (str):
        updated_at (str):
        url (str | Unset):
        queue (str | Unset):
        brokers (list[str] | Unset):
        topic (str | Unset):
        group (str | Unset):
        stream (str | Unset):
        durable (str | Unset):
        dead_letter (str | Unset):
        sasl (KafkaSasl | Unset):
        tls (bool | KafkaTlsType1 | Unset):
        consumer (SourceConsumer | Unset):
    """

    id: str
    app_id: str
    uid: None | str
    name: str
    type_: SourceType
    verification: None | SourceVerificationType0
    event_type: SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2
    rate_limit_per_minute: int | None
    max_body_bytes: int | None
    ingest_url: None | str
    created_at: str
    updated_at: str
    url: str | Unset = UNSET
    queue: str | Unset = UNSET
    brokers: list[str] | Unset = UNSET
    topic: str | Unset = UNSET
    group: str | Unset = UNSET
    stream: str | Unset = UNSET
    durable: str | Unset = UNSET
    dead_letter: str | Unset = UNSET
    sasl: KafkaSasl | Unset = UNSET
    tls: bool | KafkaTlsType1 | Unset = UNSET
    consumer: SourceConsumer | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_verification_type_0 import SourceVerificationType0  # noqa: PLC0415

        id = self.id

        app_id = self.app_id

        uid: None | str
        uid = self.uid

        name = self.name

        type_: str = self.type_

        verification: dict[str, Any] | None
        if isinstance(self.verification, SourceVerificationType0):
            verification = self.verification.to_dict()
        else:
            verification = self.verification

        event_type: dict[str, Any]
        if isinstance(self.event_type, SourceEventTypeType0):
            event_type = self.event_type.to_dict()
        elif isinstance(self.event_type, SourceEventTypeType1):
            event_type = self.event_type.to_dict()
        else:
            event_type = self.event_type.to_dict()

        rate_limit_per_minute: int | None
        rate_limit_per_minute = self.rate_limit_per_minute

        max_body_bytes: int | None
        max_body_bytes = self.max_body_bytes

        ingest_url: None | str
        ingest_url = self.ingest_url

        created_at = self.created_at

        updated_at = self.updated_at

        url = self.url

        queue = self.queue

        brokers: list[str] | Unset = UNSET
        if not isinstance(self.brokers, Unset):
            brokers = self.brokers

        topic = self.topic

        group = self.group

        stream = self.stream

        durable = self.durable

        dead_letter = self.dead_letter

        sasl: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sasl, Unset):
            sasl = self.sasl.to_dict()

        tls: bool | dict[str, Any] | Unset
        if isinstance(self.tls, Unset):
            tls = UNSET
        elif isinstance(self.tls, KafkaTlsType1):
            tls = self.tls.to_dict()
        else:
            tls = self.tls

        consumer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.consumer, Unset):
            consumer = self.consumer.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "appId": app_id,
                "uid": uid,
                "name": name,
                "type": type_,
                "verification": verification,
                "eventType": event_type,
                "rateLimitPerMinute": rate_limit_per_minute,
                "maxBodyBytes": max_body_bytes,
                "ingestUrl": ingest_url,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if queue is not UNSET:
            field_dict["queue"] = queue
        if brokers is not UNSET:
            field_dict["brokers"] = brokers
        if topic is not UNSET:
            field_dict["topic"] = topic
        if group is not UNSET:
            field_dict["group"] = group
        if stream is not UNSET:
            field_dict["stream"] = stream
        if durable is not UNSET:
            field_dict["durable"] = durable
        if dead_letter is not UNSET:
            field_dict["deadLetter"] = dead_letter
        if sasl is not UNSET:
            field_dict["sasl"] = sasl
        if tls is not UNSET:
            field_dict["tls"] = tls
        if consumer is not UNSET:
            field_dict["consumer"] = consumer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kafka_sasl import KafkaSasl  # noqa: PLC0415
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415
        from ..models.source_consumer import SourceConsumer  # noqa: PLC0415
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_event_type_type_2 import SourceEventTypeType2  # noqa: PLC0415
        from ..models.source_verification_type_0 import SourceVerificationType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        app_id = d.pop("appId")

        def _parse_uid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        uid = _parse_uid(d.pop("uid"))

        name = d.pop("name")

        type_ = check_source_type(d.pop("type"))

        def _parse_verification(data: object) -> None | SourceVerificationType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                verification_type_0 = SourceVerificationType0.from_dict(data)

                return verification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceVerificationType0, data)

        verification = _parse_verification(d.pop("verification"))

        def _parse_event_type(
            data: object,
        ) -> SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_source_event_type_type_0 = (
                    SourceEventTypeType0.from_dict(data)
                )

                return componentsschemas_source_event_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_source_event_type_type_1 = (
                    SourceEventTypeType1.from_dict(data)
                )

                return componentsschemas_source_event_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_source_event_type_type_2 = SourceEventTypeType2.from_dict(
                data
            )

            return componentsschemas_source_event_type_type_2

        event_type = _parse_event_type(d.pop("eventType"))

        def _parse_rate_limit_per_minute(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rate_limit_per_minute = _parse_rate_limit_per_minute(
            d.pop("rateLimitPerMinute")
        )

        def _parse_max_body_bytes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_body_bytes = _parse_max_body_bytes(d.pop("maxBodyBytes"))

        def _parse_ingest_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ingest_url = _parse_ingest_url(d.pop("ingestUrl"))

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        url = d.pop("url", UNSET)

        queue = d.pop("queue", UNSET)

        brokers = cast(list[str], d.pop("brokers", UNSET))

        topic = d.pop("topic", UNSET)

        group = d.pop("group", UNSET)

        stream = d.pop("stream", UNSET)

        durable = d.pop("durable", UNSET)

        dead_letter = d.pop("deadLetter", UNSET)

        _sasl = d.pop("sasl", UNSET)
        sasl: KafkaSasl | Unset
        if isinstance(_sasl, Unset):
            sasl = UNSET
        else:
            sasl = KafkaSasl.from_dict(_sasl)

        def _parse_tls(data: object) -> bool | KafkaTlsType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_kafka_tls_type_1 = KafkaTlsType1.from_dict(data)

                return componentsschemas_kafka_tls_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | KafkaTlsType1 | Unset, data)

        tls = _parse_tls(d.pop("tls", UNSET))

        _consumer = d.pop("consumer", UNSET)
        consumer: SourceConsumer | Unset
        if isinstance(_consumer, Unset):
            consumer = UNSET
        else:
            consumer = SourceConsumer.from_dict(_consumer)

        source = cls(
            id=id,
            app_id=app_id,
            uid=uid,
            name=name,
            type_=type_,
            verification=verification,
            event_type=event_type,
            rate_limit_per_minute=rate_limit_per_minute,
            max_body_bytes=max_body_bytes,
            ingest_url=ingest_url,
            created_at=created_at,
            updated_at=updated_at,
            url=url,
            queue=queue,
            brokers=brokers,
            topic=topic,
            group=group,
            stream=stream,
            durable=durable,
            dead_letter=dead_letter,
            sasl=sasl,
            tls=tls,
            consumer=consumer,
        )

        return source
