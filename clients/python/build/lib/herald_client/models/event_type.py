from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.event_type_schema_type_0 import EventTypeSchemaType0


T = TypeVar("T", bound="EventType")


@_attrs_define
class EventType:
    """
    Attributes:
        name (str):
        description (str):
        schema (EventTypeSchemaType0 | None):
        created_at (str):
        updated_at (str):
    """

    name: str
    description: str
    schema: EventTypeSchemaType0 | None
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        from ..models.event_type_schema_type_0 import EventTypeSchemaType0  # noqa: PLC0415

        name = self.name

        description = self.description

        schema: dict[str, Any] | None
        if isinstance(self.schema, EventTypeSchemaType0):
            schema = self.schema.to_dict()
        else:
            schema = self.schema

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "description": description,
                "schema": schema,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_type_schema_type_0 import EventTypeSchemaType0  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        def _parse_schema(data: object) -> EventTypeSchemaType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                schema_type_0 = EventTypeSchemaType0.from_dict(data)

                return schema_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventTypeSchemaType0 | None, data)

        schema = _parse_schema(d.pop("schema"))

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        event_type = cls(
            name=name,
            description=description,
            schema=schema,
            created_at=created_at,
            updated_at=updated_at,
        )

        return event_type
