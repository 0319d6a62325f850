"""The Python client against a live Herald: create an app and an endpoint, publish, read attempts,
follow the feed; errors, pagination and retries."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from herald import Herald, HeraldError, RetryTransport, Webhook, WebhookVerificationError, verify_webhook
from herald_client.api.applications import create_app, get_app, list_apps
from herald_client.api.attempts import list_attempts
from herald_client.api.endpoints import create_endpoint, get_endpoint_secret
from herald_client.api.messages import list_message_deliveries
from herald_client.models import ApplicationIn, EndpointIn


def test_publish_deliver_verify_attempts_and_feed(herald: Herald, receiver) -> None:
    app = herald.call(create_app, body=ApplicationIn(name="Python client"))
    assert app.id.startswith("app_")
    endpoint = herald.call(create_endpoint, app.id, body=EndpointIn(url=receiver.url, uid="main"))
    secret = herald.call(get_endpoint_secret, app.id, "main").key
    assert secret.startswith("whsec_")

    message = herald.publish(app.id, "invoice.paid", {"invoiceId": "in_123", "amount": 4200}, idempotency_key="k-1")
    assert message.id.startswith("msg_")
    again = herald.publish(app.id, "invoice.paid", {"invoiceId": "in_123", "amount": 4200}, idempotency_key="k-1")
    assert again.id == message.id  # the same key within 24 h: the first message, nothing dispatched

    headers, body = receiver.wait_for(1)[0]
    assert headers["webhook-id"] == message.id
    event = verify_webhook(secret, body, headers)
    assert event["type"] == "invoice.paid" and event["data"] == {"invoiceId": "in_123", "amount": 4200}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body + b" ", headers)

    # the attempt is recorded just after the receiver answered: read until it shows (bounded)
    deadline = time.monotonic() + 15
    while True:
        attempts = list(herald.paginate(list_attempts, app.id))
        if any(a.status == "succeeded" for a in attempts) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert [a.endpoint_id for a in attempts if a.status == "succeeded"] == [endpoint.id]
    deliveries = herald.call(list_message_deliveries, app.id, message.id)
    assert [d.status for d in deliveries.data] == ["succeeded"]

    # the feed with a consumer cursor the server keeps: a page handled in full is acked; the message
    # the loop broke out on is not, so the next follow starts with it again (at least once)
    seen, later = [], None
    deadline = time.monotonic() + 30
    for m in herald.follow(app.id, consumer="py", wait=5, stop=lambda: time.monotonic() > deadline):
        seen.append(m.id)
        if m.id == message.id:
            later = herald.publish(app.id, "invoice.voided", {"invoiceId": "in_123"})
        else:
            break
    assert later is not None and seen == [message.id, later.id]
    resumed = next(iter(herald.follow(app.id, consumer="py", wait=5)))
    assert resumed.id == later.id


def test_errors_are_problem_details(herald: Herald) -> None:
    with pytest.raises(HeraldError) as missing:
        herald.call(get_app, "app_does_not_exist")
    assert missing.value.status == 404 and missing.value.code == "not_found"
    app = herald.call(create_app, body=ApplicationIn(name="errors"))
    with pytest.raises(HeraldError) as invalid:
        herald.call(create_endpoint, app.id, body=EndpointIn(url="not a url"))
    assert invalid.value.status == 422
    assert any("url" in e["path"] for e in invalid.value.errors)
    with Herald(herald.base_url, "wrong-key-0123456789") as wrong, pytest.raises(HeraldError) as denied:
        wrong.call(list_apps)
    assert denied.value.status == 401


def test_paginate_follows_the_iterator(herald: Herald) -> None:
    made = {herald.call(create_app, body=ApplicationIn(name=f"page {i}")).id for i in range(3)}
    pages = []
    original = list_apps.sync_detailed

    class Counting:
        @staticmethod
        def sync_detailed(*args, **kwargs):
            pages.append(kwargs.get("iterator"))
            return original(*args, **kwargs)

    ids = [a.id for a in herald.paginate(Counting, limit=1)]
    assert made <= set(ids)
    assert len(ids) == len(set(ids))
    assert len(pages) >= 3  # one app per page


class Flaky:
    """A real HTTP server on 127.0.0.1 answering the first requests from `script`, then 200."""

    def __init__(self, script: list[tuple[int, dict[str, str]]]) -> None:
        self.times: list[float] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.times.append(time.monotonic())
                status, headers = script.pop(0) if script else (200, {})
                body = json.dumps({"data": [], "iterator": None, "done": True}).encode()
                if status != 200:
                    body = json.dumps(
                        {
                            "type": "urn:herald:error:x",
                            "title": "busy",
                            "status": status,
                            "detail": "busy",
                            "code": "unavailable",
                        }
                    ).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_retries_429_and_503_honouring_retry_after() -> None:
    flaky = Flaky([(429, {"Retry-After": "1"}), (503, {"Retry-After": "0"})])
    try:
        with Herald(flaky.url, "k") as client:
            assert list(client.paginate(list_apps)) == []
        assert len(flaky.times) == 3
        assert flaky.times[1] - flaky.times[0] >= 0.95  # waited the second Retry-After asked for
    finally:
        flaky.close()


def test_gives_up_after_the_retries() -> None:
    flaky = Flaky([(503, {"Retry-After": "0"})] * 5)
    try:
        sleeps: list[float] = []
        transport = RetryTransport(retries=2, sleep=sleeps.append)
        with httpx.Client(base_url=flaky.url, transport=transport) as client:
            assert client.get("/v1/apps").status_code == 503
        assert len(flaky.times) == 3 and sleeps == [0.0, 0.0]
    finally:
        flaky.close()
