from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source_type import SourceType, check_source_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kafka_sasl import KafkaSasl
    from ..models.kafka_tls_type_1 import KafkaTlsType1
    from ..models.source_event_type_type_0 import SourceEventTypeType0
    from ..models.source_event_type_type_1 import SourceEventTypeType1
    from ..models.source_event_type_type_2 import SourceEventTypeType2
    from ..models.source_verification_patch import SourceVerificationPatch


T = TypeVar("T", bound="SourcePatch")


@_attrs_define
class SourcePatch:
    """
    Attributes:
        type_ (SourceType | Unset):
        name (str | Unset):
        uid (None | str | Unset):
        event_type (SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2 | Unset):
        verification (SourceVerificationPatch | Unset):
        rate_limit_per_minute (int | None | Unset):
        max_body_bytes (int | None | Unset):
        queue (str | Unset):
        brokers (list[str] | Unset):
        topic (str | Unset):
        sasl (KafkaSasl | None | Unset):
        tls (bool | KafkaTlsType1 | Unset):
        durable (str | Unset):
        url (str | Unset):
        group (str | Unset):
        stream (str | Unset):
        dead_letter (None | str | Unset):
    """

    type_: SourceType | Unset = UNSET
    name: str | Unset = UNSET
    uid: None | str | Unset = UNSET
    event_type: (
        SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2 | Unset
    ) = UNSET
    verification: SourceVerificationPatch | Unset = UNSET
    rate_limit_per_minute: int | None | Unset = UNSET
    max_body_bytes: int | None | Unset = UNSET
    queue: str | Unset = UNSET
    brokers: list[str] | Unset = UNSET
    topic: str | Unset = UNSET
    sasl: KafkaSasl | None | Unset = UNSET
    tls: bool | KafkaTlsType1 | Unset = UNSET
    durable: str | Unset = UNSET
    url: str | Unset = UNSET
    group: str | Unset = UNSET
    stream: str | Unset = UNSET
    dead_letter: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.kafka_sasl import KafkaSasl  # noqa: PLC0415
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        name = self.name

        uid: None | str | Unset
        if isinstance(self.uid, Unset):
            uid = UNSET
        else:
            uid = self.uid

        event_type: dict[str, Any] | Unset
        if isinstance(self.event_type, Unset):
            event_type = UNSET
        elif isinstance(self.event_type, SourceEventTypeType0):
            event_type = self.event_type.to_dict()
        elif isinstance(self.event_type, SourceEventTypeType1):
            event_type = self.event_type.to_dict()
        else:
            event_type = self.event_type.to_dict()

        verification: dict[str, Any] | Unset = UNSET
        if not isinstance(self.verification, Unset):
            verification = self.verification.to_dict()

        rate_limit_per_minute: int | None | Unset
        if isinstance(self.rate_limit_per_minute, Unset):
            rate_limit_per_minute = UNSET
        else:
            rate_limit_per_minute = self.rate_limit_per_minute

        max_body_bytes: int | None | Unset
        if isinstance(self.max_body_bytes, Unset):
            max_body_bytes = UNSET
        else:
            max_body_bytes = self.max_body_bytes

        queue = self.queue

        brokers: list[str] | Unset = UNSET
        if not isinstance(self.brokers, Unset):
            brokers = self.brokers

        topic = self.topic

        sasl: dict[str, Any] | None | Unset
        if isinstance(self.sasl, Unset):
            sasl = UNSET
        elif isinstance(self.sasl, KafkaSasl):
            sasl = self.sasl.to_dict()
        else:
            sasl = self.sasl

        tls: bool | dict[str, Any] | Unset
        if isinstance(self.tls, Unset):
            tls = UNSET
        elif isinstance(self.tls, KafkaTlsType1):
            tls = self.tls.to_dict()
        else:
            tls = self.tls

        durable = self.durable

        url = self.url

        group = self.group

        stream = self.stream

        dead_letter: None | str | Unset
        if isinstance(self.dead_letter, Unset):
            dead_letter = UNSET
        else:
            dead_letter = self.dead_letter

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if name is not UNSET:
            field_dict["name"] = name
        if uid is not UNSET:
            field_dict["uid"] = uid
        if event_type is not UNSET:
            field_dict["eventType"] = event_type
        if verification is not UNSET:
            field_dict["verification"] = verification
        if rate_limit_per_minute is not UNSET:
            field_dict["rateLimitPerMinute"] = rate_limit_per_minute
        if max_body_bytes is not UNSET:
            field_dict["maxBodyBytes"] = max_body_bytes
        if queue is not UNSET:
            field_dict["queue"] = queue
        if brokers is not UNSET:
            field_dict["brokers"] = brokers
        if topic is not UNSET:
            field_dict["topic"] = topic
        if sasl is not UNSET:
            field_dict["sasl"] = sasl
        if tls is not UNSET:
            field_dict["tls"] = tls
        if durable is not UNSET:
            field_dict["durable"] = durable
        if url is not UNSET:
            field_dict["url"] = url
        if group is not UNSET:
            field_dict["group"] = group
        if stream is not UNSET:
            field_dict["stream"] = stream
        if dead_letter is not UNSET:
            field_dict["deadLetter"] = dead_letter

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kafka_sasl import KafkaSasl  # noqa: PLC0415
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_event_type_type_2 import SourceEventTypeType2  # noqa: PLC0415
        from ..models.source_verification_patch import SourceVerificationPatch  # noqa: PLC0415

        d = dict(src_dict)
        _type_ = d.pop("type", UNSET)
        type_: SourceType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_source_type(_type_)

        name = d.pop("name", UNSET)

        def _parse_uid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uid = _parse_uid(d.pop("uid", UNSET))

        def _parse_event_type(
            data: object,
        ) -> SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2 | Unset:
            if isinstance(data, Unset):
                return data
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

        event_type = _parse_event_type(d.pop("eventType", UNSET))

        _verification = d.pop("verification", UNSET)
        verification: SourceVerificationPatch | Unset
        if isinstance(_verification, Unset):
            verification = UNSET
        else:
            verification = SourceVerificationPatch.from_dict(_verification)

        def _parse_rate_limit_per_minute(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_limit_per_minute = _parse_rate_limit_per_minute(
            d.pop("rateLimitPerMinute", UNSET)
        )

        def _parse_max_body_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_body_bytes = _parse_max_body_bytes(d.pop("maxBodyBytes", UNSET))

        queue = d.pop("queue", UNSET)

        brokers = cast(list[str], d.pop("brokers", UNSET))

        topic = d.pop("topic", UNSET)

        def _parse_sasl(data: object) -> KafkaSasl | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sasl_type_0 = KafkaSasl.from_dict(data)

                return sasl_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KafkaSasl | None | Unset, data)

        sasl = _parse_sasl(d.pop("sasl", UNSET))

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

        durable = d.pop("durable", UNSET)

        url = d.pop("url", UNSET)

        group = d.pop("group", UNSET)

        stream = d.pop("stream", UNSET)

        def _parse_dead_letter(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dead_letter = _parse_dead_letter(d.pop("deadLetter", UNSET))

        source_patch = cls(
            type_=type_,
            name=name,
            uid=uid,
            event_type=event_type,
            verification=verification,
            rate_limit_per_minute=rate_limit_per_minute,
            max_body_bytes=max_body_bytes,
            queue=queue,
            brokers=brokers,
            topic=topic,
            sasl=sasl,
            tls=tls,
            durable=durable,
            url=url,
            group=group,
            stream=stream,
            dead_letter=dead_letter,
        )

        return source_patch
