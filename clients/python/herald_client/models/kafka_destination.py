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


T = TypeVar("T", bound="KafkaDestination")


@_attrs_define
class KafkaDestination:
    """
    Attributes:
        type_ (Literal['kafka']):
        brokers (list[str]):
        topic (str):
        key (str | Unset):
        sasl (KafkaSasl | Unset):
        tls (bool | KafkaTlsType1 | Unset):
    """

    type_: Literal["kafka"]
    brokers: list[str]
    topic: str
    key: str | Unset = UNSET
    sasl: KafkaSasl | Unset = UNSET
    tls: bool | KafkaTlsType1 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415

        type_ = self.type_

        brokers = self.brokers

        topic = self.topic

        key = self.key

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
                "brokers": brokers,
                "topic": topic,
            }
        )
        if key is not UNSET:
            field_dict["key"] = key
        if sasl is not UNSET:
            field_dict["sasl"] = sasl
        if tls is not UNSET:
            field_dict["tls"] = tls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kafka_sasl import KafkaSasl  # noqa: PLC0415
        from ..models.kafka_tls_type_1 import KafkaTlsType1  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["kafka"], d.pop("type"))
        if type_ != "kafka":
            raise ValueError(f"type must match const 'kafka', got '{type_}'")

        brokers = cast(list[str], d.pop("brokers"))

        topic = d.pop("topic")

        key = d.pop("key", UNSET)

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

        kafka_destination = cls(
            type_=type_,
            brokers=brokers,
            topic=topic,
            key=key,
            sasl=sasl,
            tls=tls,
        )

        return kafka_destination
