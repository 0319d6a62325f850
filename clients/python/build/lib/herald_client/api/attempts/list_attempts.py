from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.attempt_list import AttemptList
from ...models.list_attempts_status import (
    ListAttemptsStatus,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    app: str,
    *,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    status: ListAttemptsStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["iterator"] = iterator

    params["endpoint"] = endpoint

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/apps/{app}/attempts".format(
            app=quote(str(app), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AttemptList | Problem | None:
    if response.status_code == 200:
        response_200 = AttemptList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AttemptList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    app: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    status: ListAttemptsStatus | Unset = UNSET,
) -> Response[AttemptList | Problem]:
    """List an application's attempts, newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        endpoint (str | Unset):
        status (ListAttemptsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttemptList | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        limit=limit,
        iterator=iterator,
        endpoint=endpoint,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    status: ListAttemptsStatus | Unset = UNSET,
) -> AttemptList | Problem | None:
    """List an application's attempts, newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        endpoint (str | Unset):
        status (ListAttemptsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttemptList | Problem
    """

    return sync_detailed(
        app=app,
        client=client,
        limit=limit,
        iterator=iterator,
        endpoint=endpoint,
        status=status,
    ).parsed


async def asyncio_detailed(
    app: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    status: ListAttemptsStatus | Unset = UNSET,
) -> Response[AttemptList | Problem]:
    """List an application's attempts, newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        endpoint (str | Unset):
        status (ListAttemptsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttemptList | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        limit=limit,
        iterator=iterator,
        endpoint=endpoint,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    status: ListAttemptsStatus | Unset = UNSET,
) -> AttemptList | Problem | None:
    """List an application's attempts, newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        endpoint (str | Unset):
        status (ListAttemptsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttemptList | Problem
    """

    return (
        await asyncio_detailed(
            app=app,
            client=client,
            limit=limit,
            iterator=iterator,
            endpoint=endpoint,
            status=status,
        )
    ).parsed
