import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.feed_page import FeedPage
from ...models.problem import Problem
from ...models.read_events_start import ReadEventsStart
from ...types import UNSET, Response, Unset


def _get_kwargs(
    app: str,
    *,
    iterator: str | Unset = UNSET,
    limit: int | Unset = 50,
    event_types: list[str] | Unset = UNSET,
    channel: str | Unset = UNSET,
    wait: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    start: ReadEventsStart | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["iterator"] = iterator

    params["limit"] = limit

    json_event_types: list[str] | Unset = UNSET
    if not isinstance(event_types, Unset):
        json_event_types = event_types

    params["eventTypes"] = json_event_types

    params["channel"] = channel

    params["wait"] = wait

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_start: str | Unset = UNSET
    if not isinstance(start, Unset):
        json_start = start

    params["start"] = json_start

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/apps/{app}/events".format(
            app=quote(str(app), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FeedPage | Problem | None:
    if response.status_code == 200:
        response_200 = FeedPage.from_dict(response.json())

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
) -> Response[FeedPage | Problem]:
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
    iterator: str | Unset = UNSET,
    limit: int | Unset = 50,
    event_types: list[str] | Unset = UNSET,
    channel: str | Unset = UNSET,
    wait: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    start: ReadEventsStart | Unset = UNSET,
) -> Response[FeedPage | Problem]:
    """Read the events feed (messages in publish order), long-polling with `wait`

    Args:
        app (str):
        iterator (str | Unset):
        limit (int | Unset):  Default: 50.
        event_types (list[str] | Unset):
        channel (str | Unset):
        wait (float | Unset):
        since (datetime.datetime | Unset):
        start (ReadEventsStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedPage | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        iterator=iterator,
        limit=limit,
        event_types=event_types,
        channel=channel,
        wait=wait,
        since=since,
        start=start,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    app: str,
    *,
    client: AuthenticatedClient,
    iterator: str | Unset = UNSET,
    limit: int | Unset = 50,
    event_types: list[str] | Unset = UNSET,
    channel: str | Unset = UNSET,
    wait: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    start: ReadEventsStart | Unset = UNSET,
) -> FeedPage | Problem | None:
    """Read the events feed (messages in publish order), long-polling with `wait`

    Args:
        app (str):
        iterator (str | Unset):
        limit (int | Unset):  Default: 50.
        event_types (list[str] | Unset):
        channel (str | Unset):
        wait (float | Unset):
        since (datetime.datetime | Unset):
        start (ReadEventsStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedPage | Problem
    """

    return sync_detailed(
        app=app,
        client=client,
        iterator=iterator,
        limit=limit,
        event_types=event_types,
        channel=channel,
        wait=wait,
        since=since,
        start=start,
    ).parsed


async def asyncio_detailed(
    app: str,
    *,
    client: AuthenticatedClient,
    iterator: str | Unset = UNSET,
    limit: int | Unset = 50,
    event_types: list[str] | Unset = UNSET,
    channel: str | Unset = UNSET,
    wait: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    start: ReadEventsStart | Unset = UNSET,
) -> Response[FeedPage | Problem]:
    """Read the events feed (messages in publish order), long-polling with `wait`

    Args:
        app (str):
        iterator (str | Unset):
        limit (int | Unset):  Default: 50.
        event_types (list[str] | Unset):
        channel (str | Unset):
        wait (float | Unset):
        since (datetime.datetime | Unset):
        start (ReadEventsStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedPage | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        iterator=iterator,
        limit=limit,
        event_types=event_types,
        channel=channel,
        wait=wait,
        since=since,
        start=start,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    *,
    client: AuthenticatedClient,
    iterator: str | Unset = UNSET,
    limit: int | Unset = 50,
    event_types: list[str] | Unset = UNSET,
    channel: str | Unset = UNSET,
    wait: float | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    start: ReadEventsStart | Unset = UNSET,
) -> FeedPage | Problem | None:
    """Read the events feed (messages in publish order), long-polling with `wait`

    Args:
        app (str):
        iterator (str | Unset):
        limit (int | Unset):  Default: 50.
        event_types (list[str] | Unset):
        channel (str | Unset):
        wait (float | Unset):
        since (datetime.datetime | Unset):
        start (ReadEventsStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedPage | Problem
    """

    return (
        await asyncio_detailed(
            app=app,
            client=client,
            iterator=iterator,
            limit=limit,
            event_types=event_types,
            channel=channel,
            wait=wait,
            since=since,
            start=start,
        )
    ).parsed
