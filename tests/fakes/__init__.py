"""Test doubles for Slack: a fake Web API server and signed inbound request builders.

Fake Web API (``slack_api.FakeSlack``)::

    async with FakeSlack() as fake:          # or: fake = await FakeSlack().start(); await fake.stop()
        client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url)
        app = AsyncApp(client=client, signing_secret=SECRET)
        ...dispatch a signed request (see slack_signing)...
        call = (await fake.wait_for("views.open"))[0]     # never sleep
        assert call.args["view"]["callback_id"] == "incident"

- Serves GET/POST ``/api/<method>`` with query, form or JSON arguments (slack_sdk mixes them) and a
  ``Authorization: Bearer`` token (``not_authed`` / ``invalid_auth``; valid: ``FakeSlack(token=...)``).
- ``fake.calls`` / ``calls_to(m)`` / ``last(m)``: ``Call(method, args, raw_args, headers, http_method,
  status, response, failed, injected)``. ``args`` has ``blocks``/``attachments``/``view``/``metadata``
  JSON strings decoded; ``raw_args`` is as sent. Failed calls are recorded too (``failed=True``).
- ``await fake.wait_for(m, count=1, timeout=20, ok=None)``: returns the calls, AssertionError on timeout;
  ``ok=True`` counts only successful calls (e.g. after a retried 429).
- State: ``channels`` (name -> channel incl. ``members``, ``topic``, ``purpose``), ``messages`` (channel
  id -> messages, ``chat.update`` edits them in place), ``views`` (id -> view), ``pins`` (channel -> ts),
  ``dms`` (D/G id -> users), ``users`` (id -> overrides such as real_name, locale, tz, email, is_bot).
  ``add_channel(name, id=, members=, is_private=)`` seeds a channel; the bot user is ``UBOT``.
  Channel ids nobody created are accepted for chat.* calls; conversations.* calls need a known one.
- Faults: ``fail(m)`` / ``fail(m, "ratelimited", retry_after=1)`` -> HTTP 429 + Retry-After;
  ``fail(m, status=500, times=2)``; ``fail(m, "name_taken")`` -> HTTP 200 ok:false. ``times=None``:
  until ``clear_failures()``. ``on(m, {...} or fn(args))`` overrides or adds a method (fn may raise
  ``SlackError("code")``). Unknown methods answer ``unknown_method``.
- ``response_url(id)`` builds an interaction response_url on the fake; posts land in ``responses`` as
  ``(id, json)``; ``await wait_for_response(count)``.
- Light Block Kit checks (as Slack enforces them): no text/blocks -> ``no_text``; >50 message blocks,
  duplicate ``block_id`` or >10 checkbox options -> ``invalid_blocks``; modal title >24 chars, no submit
  with input blocks, private_metadata >3000 -> ``invalid_arguments``.

Inbound requests (``slack_signing``): ``sign(body, secret, ts)``, ``signed_headers(...)`` (+ Content-Type),
``slash_command_body``, ``block_actions_body``, ``view_submission_body``, ``event_body``,
``url_verification_body``. Bolt rejects timestamps >5 min off, so pass ``int(time.time())``.
"""

from .slack_api import BOT_ID, BOT_USER_ID, TEAM_ID, Call, FakeSlack, SlackError
from .slack_signing import (
    block_actions_body,
    event_body,
    new_trigger_id,
    sign,
    signed_headers,
    slash_command_body,
    url_verification_body,
    view_submission_body,
)

__all__ = [
    "BOT_ID",
    "BOT_USER_ID",
    "TEAM_ID",
    "Call",
    "FakeSlack",
    "SlackError",
    "block_actions_body",
    "event_body",
    "new_trigger_id",
    "sign",
    "signed_headers",
    "slash_command_body",
    "url_verification_body",
    "view_submission_body",
]
