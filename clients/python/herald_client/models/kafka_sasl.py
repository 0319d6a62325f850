from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.kafka_sasl_mechanism import KafkaSaslMechanism, check_kafka_sasl_mechanism

T = TypeVar("T", bound="KafkaSasl")


@_attrs_define
class KafkaSasl:
    """
    Attributes:
        mechanism (KafkaSaslMechanism):
        username (str):
        password (str):
    """

    mechanism: KafkaSaslMechanism
    username: str
    password: str

    def to_dict(self) -> dict[str, Any]:
        mechanism: str = self.mechanism

        username = self.username

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mechanism": mechanism,
                "username": username,
                "password": password,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mechanism = check_kafka_sasl_mechanism(d.pop("mechanism"))

        username = d.pop("username")

        password = d.pop("password")

        kafka_sasl = cls(
            mechanism=mechanism,
            username=username,
            password=password,
        )

        return kafka_sasl
