from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_type_in_schema import EventTypeInSchema


T = TypeVar("T", bound="EventTypeIn")


@_attrs_define
class EventTypeIn:
    """
    Attributes:
        name (str):
        description (str | Unset):
        schema (EventTypeInSchema | Unset):
    """

    name: str
    description: str | Unset = UNSET
    schema: EventTypeInSchema | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if schema is not UNSET:
            field_dict["schema"] = schema

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_type_in_schema import EventTypeInSchema  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        _schema = d.pop("schema", UNSET)
        schema: EventTypeInSchema | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = EventTypeInSchema.from_dict(_schema)

        event_type_in = cls(
            name=name,
            description=description,
            schema=schema,
        )

        return event_type_in
