from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.endpoint_stats import EndpointStats
from ...models.get_endpoint_stats_window import (
    GetEndpointStatsWindow,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    app: str,
    endpoint: str,
    *,
    window: GetEndpointStatsWindow | Unset = "24h",
    buckets: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_window: str | Unset = UNSET
    if not isinstance(window, Unset):
        json_window = window

    params["window"] = json_window

    params["buckets"] = buckets

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/apps/{app}/endpoints/{endpoint}/stats".format(
            app=quote(str(app), safe=""),
            endpoint=quote(str(endpoint), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EndpointStats | Problem | None:
    if response.status_code == 200:
        response_200 = EndpointStats.from_dict(response.json())

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
) -> Response[EndpointStats | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    app: str,
    endpoint: str,
    *,
    client: AuthenticatedClient,
    window: GetEndpointStatsWindow | Unset = "24h",
    buckets: int | Unset = UNSET,
) -> Response[EndpointStats | Problem]:
    """Get an endpoint's delivery statistics

    Args:
        app (str):
        endpoint (str):
        window (GetEndpointStatsWindow | Unset):  Default: '24h'.
        buckets (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointStats | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        endpoint=endpoint,
        window=window,
        buckets=buckets,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app: str,
    endpoint: str,
    *,
    client: AuthenticatedClient,
    window: GetEndpointStatsWindow | Unset = "24h",
    buckets: int | Unset = UNSET,
) -> EndpointStats | Problem | None:
    """Get an endpoint's delivery statistics

    Args:
        app (str):
        endpoint (str):
        window (GetEndpointStatsWindow | Unset):  Default: '24h'.
        buckets (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointStats | Problem
    """

    return sync_detailed(
        app=app,
        endpoint=endpoint,
        client=client,
        window=window,
        buckets=buckets,
    ).parsed


async def asyncio_detailed(
    app: str,
    endpoint: str,
    *,
    client: AuthenticatedClient,
    window: GetEndpointStatsWindow | Unset = "24h",
    buckets: int | Unset = UNSET,
) -> Response[EndpointStats | Problem]:
    """Get an endpoint's delivery statistics

    Args:
        app (str):
        endpoint (str):
        window (GetEndpointStatsWindow | Unset):  Default: '24h'.
        buckets (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointStats | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        endpoint=endpoint,
        window=window,
        buckets=buckets,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    endpoint: str,
    *,
    client: AuthenticatedClient,
    window: GetEndpointStatsWindow | Unset = "24h",
    buckets: int | Unset = UNSET,
) -> EndpointStats | Problem | None:
    """Get an endpoint's delivery statistics

    Args:
        app (str):
        endpoint (str):
        window (GetEndpointStatsWindow | Unset):  Default: '24h'.
        buckets (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointStats | Problem
    """

    return (
        await asyncio_detailed(
            app=app,
            endpoint=endpoint,
            client=client,
            window=window,
            buckets=buckets,
        )
    ).parsed
