import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_messages_status import (
    ListMessagesStatus,
)
from ...models.list_messages_with_deliveries import (
    ListMessagesWithDeliveries,
)
from ...models.logged_message_list import LoggedMessageList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    app: str,
    *,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    event_type: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    status: ListMessagesStatus | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    after: datetime.datetime | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    q: str | Unset = UNSET,
    response_status: str | Unset = UNSET,
    with_deliveries: ListMessagesWithDeliveries | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["iterator"] = iterator

    params["eventType"] = event_type

    params["channel"] = channel

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    json_before: str | Unset = UNSET
    if not isinstance(before, Unset):
        json_before = before.isoformat()
    params["before"] = json_before

    json_after: str | Unset = UNSET
    if not isinstance(after, Unset):
        json_after = after.isoformat()
    params["after"] = json_after

    params["endpoint"] = endpoint

    params["q"] = q

    params["responseStatus"] = response_status

    json_with_deliveries: str | Unset = UNSET
    if not isinstance(with_deliveries, Unset):
        json_with_deliveries = with_deliveries

    params["withDeliveries"] = json_with_deliveries

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/apps/{app}/messages".format(
            app=quote(str(app), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LoggedMessageList | Problem | None:
    if response.status_code == 200:
        response_200 = LoggedMessageList.from_dict(response.json())

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
) -> Response[LoggedMessageList | Problem]:
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
    event_type: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    status: ListMessagesStatus | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    after: datetime.datetime | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    q: str | Unset = UNSET,
    response_status: str | Unset = UNSET,
    with_deliveries: ListMessagesWithDeliveries | Unset = UNSET,
) -> Response[LoggedMessageList | Problem]:
    """List messages (the delivery log), newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        event_type (str | Unset):
        channel (str | Unset):
        status (ListMessagesStatus | Unset):
        before (datetime.datetime | Unset):
        after (datetime.datetime | Unset):
        endpoint (str | Unset):
        q (str | Unset):
        response_status (str | Unset):
        with_deliveries (ListMessagesWithDeliveries | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoggedMessageList | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        limit=limit,
        iterator=iterator,
        event_type=event_type,
        channel=channel,
        status=status,
        before=before,
        after=after,
        endpoint=endpoint,
        q=q,
        response_status=response_status,
        with_deliveries=with_deliveries,
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
    event_type: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    status: ListMessagesStatus | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    after: datetime.datetime | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    q: str | Unset = UNSET,
    response_status: str | Unset = UNSET,
    with_deliveries: ListMessagesWithDeliveries | Unset = UNSET,
) -> LoggedMessageList | Problem | None:
    """List messages (the delivery log), newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        event_type (str | Unset):
        channel (str | Unset):
        status (ListMessagesStatus | Unset):
        before (datetime.datetime | Unset):
        after (datetime.datetime | Unset):
        endpoint (str | Unset):
        q (str | Unset):
        response_status (str | Unset):
        with_deliveries (ListMessagesWithDeliveries | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoggedMessageList | Problem
    """

    return sync_detailed(
        app=app,
        client=client,
        limit=limit,
        iterator=iterator,
        event_type=event_type,
        channel=channel,
        status=status,
        before=before,
        after=after,
        endpoint=endpoint,
        q=q,
        response_status=response_status,
        with_deliveries=with_deliveries,
    ).parsed


async def asyncio_detailed(
    app: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    event_type: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    status: ListMessagesStatus | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    after: datetime.datetime | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    q: str | Unset = UNSET,
    response_status: str | Unset = UNSET,
    with_deliveries: ListMessagesWithDeliveries | Unset = UNSET,
) -> Response[LoggedMessageList | Problem]:
    """List messages (the delivery log), newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        event_type (str | Unset):
        channel (str | Unset):
        status (ListMessagesStatus | Unset):
        before (datetime.datetime | Unset):
        after (datetime.datetime | Unset):
        endpoint (str | Unset):
        q (str | Unset):
        response_status (str | Unset):
        with_deliveries (ListMessagesWithDeliveries | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoggedMessageList | Problem]
    """

    kwargs = _get_kwargs(
        app=app,
        limit=limit,
        iterator=iterator,
        event_type=event_type,
        channel=channel,
        status=status,
        before=before,
        after=after,
        endpoint=endpoint,
        q=q,
        response_status=response_status,
        with_deliveries=with_deliveries,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    app: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    iterator: str | Unset = UNSET,
    event_type: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    status: ListMessagesStatus | Unset = UNSET,
    before: datetime.datetime | Unset = UNSET,
    after: datetime.datetime | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    q: str | Unset = UNSET,
    response_status: str | Unset = UNSET,
    with_deliveries: ListMessagesWithDeliveries | Unset = UNSET,
) -> LoggedMessageList | Problem | None:
    """List messages (the delivery log), newest first

    Args:
        app (str):
        limit (int | Unset):  Default: 50.
        iterator (str | Unset):
        event_type (str | Unset):
        channel (str | Unset):
        status (ListMessagesStatus | Unset):
        before (datetime.datetime | Unset):
        after (datetime.datetime | Unset):
        endpoint (str | Unset):
        q (str | Unset):
        response_status (str | Unset):
        with_deliveries (ListMessagesWithDeliveries | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoggedMessageList | Problem
    """

    return (
        await asyncio_detailed(
            app=app,
            client=client,
            limit=limit,
            iterator=iterator,
            event_type=event_type,
            channel=channel,
            status=status,
            before=before,
            after=after,
            endpoint=endpoint,
            q=q,
            response_status=response_status,
            with_deliveries=with_deliveries,
        )
    ).parsed
