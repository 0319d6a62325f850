from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kafka_sasl import KafkaSasl
    from ..models.kafka_tls_type_1 import KafkaTlsType1
    from ..models.source_event_type_type_0 import SourceEventTypeType0
    from ..models.source_event_type_type_1 import SourceEventTypeType1
    from ..models.source_event_type_type_2 import SourceEventTypeType2


T = TypeVar("T", bound="KafkaSourceIn")


@_attrs_define
class KafkaSourceIn:
    """
    Attributes:
        type_ (Literal['kafka']):
        name (str):
        event_type (SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2):
        brokers (list[str]):
        topic (str):
        group (str):
        uid (str | Unset):
        dead_letter (str | Unset):
        sasl (KafkaSasl | Unset):
        tls (bool | KafkaTlsType1 | Unset):
    """

    type_: Literal["kafka"]
    name: str
    event_type: SourceEventTypeType0 | SourceEventTypeType1 | SourceEventTypeType2
    brokers: list[str]
    topic: str
    group: str
    uid: str | Unset = UNSET
    dead_letter: str | Unset = UNSET
    sasl: KafkaSasl | Unset = UNSET
    tls: bool | KafkaTlsType1 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415

        type_ = self.type_

        name = self.name

        event_type: dict[str, Any]
        if isinstance(self.event_type, SourceEventTypeType0):
            event_type = self.event_type.to_dict()
        elif isinstance(self.event_type, SourceEventTypeType1):
            event_type = self.event_type.to_dict()
        else:
            event_type = self.event_type.to_dict()

        brokers = self.brokers

        topic = self.topic

        group = self.group

        uid = self.uid

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "name": name,
                "eventType": event_type,
                "brokers": brokers,
                "topic": topic,
                "group": group,
            }
        )
        if uid is not UNSET:
            field_dict["uid"] = uid
        if dead_letter is not UNSET:
            field_dict["deadLetter"] = dead_letter
        if sasl is not UNSET:
            field_dict["sasl"] = sasl
        if tls is not UNSET:
            field_dict["tls"] = tls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kafka_sasl import KafkaSasl  # noqa: PLC0415
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415
        from ..models.source_event_type_type_0 import SourceEventTypeType0  # noqa: PLC0415
        from ..models.source_event_type_type_1 import SourceEventTypeType1  # noqa: PLC0415
        from ..models.source_event_type_type_2 import SourceEventTypeType2  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["kafka"], d.pop("type"))
        if type_ != "kafka":
            raise ValueError(f"type must match const 'kafka', got '{type_}'")

        name = d.pop("name")

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

        brokers = cast(list[str], d.pop("brokers"))

        topic = d.pop("topic")

        group = d.pop("group")

        uid = d.pop("uid", UNSET)

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

        kafka_source_in = cls(
            type_=type_,
            name=name,
            event_type=event_type,
            brokers=brokers,
            topic=topic,
            group=group,
            uid=uid,
            dead_letter=dead_letter,
            sasl=sasl,
            tls=tls,
        )

        return kafka_source_in
