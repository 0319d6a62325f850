from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.job_status import JobStatus, check_job_status

if TYPE_CHECKING:
    from ..models.job_params import JobParams
    from ..models.job_progress import JobProgress


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """
    Attributes:
        id (str):
        app_id (None | str):
        type_ (str):
        status (JobStatus):
        progress (JobProgress):
        result (Any):
        params (JobParams):
        error (None | str):
        created_at (str):
        updated_at (str):
    """

    id: str
    app_id: None | str
    type_: str
    status: JobStatus
    progress: JobProgress
    result: Any
    params: JobParams
    error: None | str
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        app_id: None | str
        app_id = self.app_id

        type_ = self.type_

        status: str = self.status

        progress = self.progress.to_dict()

        result = self.result

        params = self.params.to_dict()

        error: None | str
        error = self.error

        created_at = self.created_at

        updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "appId": app_id,
                "type": type_,
                "status": status,
                "progress": progress,
                "result": result,
                "params": params,
                "error": error,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_params import JobParams  # noqa: PLC0415
        from ..models.job_progress import JobProgress  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_app_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app_id = _parse_app_id(d.pop("appId"))

        type_ = d.pop("type")

        status = check_job_status(d.pop("status"))

        progress = JobProgress.from_dict(d.pop("progress"))

        result = d.pop("result")

        params = JobParams.from_dict(d.pop("params"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        created_at = d.pop("createdAt")

        updated_at = d.pop("updatedAt")

        job = cls(
            id=id,
            app_id=app_id,
            type_=type_,
            status=status,
            progress=progress,
            result=result,
            params=params,
            error=error,
            created_at=created_at,
            updated_at=updated_at,
        )

        return job
