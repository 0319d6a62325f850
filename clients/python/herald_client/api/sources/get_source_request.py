from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.source_request import SourceRequest
from ...types import Response


def _get_kwargs(
    app: str,
    source: str,
    request: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/apps/{app}/sources/{source}/requests/{request}".format(
            app=quote(str(app), safe=""),
            source=quote(str(source), safe=""),
            request=quote(str(request), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SourceRequest | None:
    if response.status_code == 200:
        response_200 = SourceRequest.from_dict(response.json())

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
) -> Response[Problem | SourceRequest]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    app: str,
    source: str,
    request: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | SourceRequest]:
    """Get one request a source received

    Args:
        app (str):
        source (str):
        request (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SourceRequest]
    """

    kwargs = _get_kwargs(
        app=app,
        source=source,
        request=request,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app: str,
    source: str,
    request: str,
    *,
    client: AuthenticatedClient,
) -> Problem | SourceRequest | None:
    """Get one request a source received

    Args:
        app (str):
        source (str):
        request (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SourceRequest
    """

    return sync_detailed(
        app=app,
        source=source,
        request=request,
        client=client,
    ).parsed


async def asyncio_detailed(
    app: str,
    source: str,
    request: str,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | SourceRequest]:
    """Get one request a source received

    Args:
        app (str):
        source (str):
        request (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SourceRequest]
    """

    kwargs = _get_kwargs(
        app=app,
        source=source,
        request=request,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    source: str,
    request: str,
    *,
    client: AuthenticatedClient,
) -> Problem | SourceRequest | None:
    """Get one request a source received

    Args:
        app (str):
        source (str):
        request (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SourceRequest
    """

    return (
        await asyncio_detailed(
            app=app,
            source=source,
            request=request,
            client=client,
        )
    ).parsed
