from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.instance_role import InstanceRole, check_instance_role
from ..models.instance_status import InstanceStatus, check_instance_status

T = TypeVar("T", bound="Instance")


@_attrs_define
class Instance:
    """
    Attributes:
        id (str):
        role (InstanceRole):
        version (str):
        host (str):
        pid (int):
        started_at (str):
        last_seen_at (str):
        in_flight (int):
        status (InstanceStatus):
        stopped_at (None | str):
    """

    id: str
    role: InstanceRole
    version: str
    host: str
    pid: int
    started_at: str
    last_seen_at: str
    in_flight: int
    status: InstanceStatus
    stopped_at: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        role: str = self.role

        version = self.version

        host = self.host

        pid = self.pid

        started_at = self.started_at

        last_seen_at = self.last_seen_at

        in_flight = self.in_flight

        status: str = self.status

        stopped_at: None | str
        stopped_at = self.stopped_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "role": role,
                "version": version,
                "host": host,
                "pid": pid,
                "startedAt": started_at,
                "lastSeenAt": last_seen_at,
                "inFlight": in_flight,
                "status": status,
                "stoppedAt": stopped_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        role = check_instance_role(d.pop("role"))

        version = d.pop("version")

        host = d.pop("host")

        pid = d.pop("pid")

        started_at = d.pop("startedAt")

        last_seen_at = d.pop("lastSeenAt")

        in_flight = d.pop("inFlight")

        status = check_instance_status(d.pop("status"))

        def _parse_stopped_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stopped_at = _parse_stopped_at(d.pop("stoppedAt"))

        instance = cls(
            id=id,
            role=role,
            version=version,
            host=host,
            pid=pid,
            started_at=started_at,
            last_seen_at=last_seen_at,
            in_flight=in_flight,
            status=status,
            stopped_at=stopped_at,
        )

        return instance
