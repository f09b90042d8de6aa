"""What the tests that need a program from outside Python (Chromium, Java) share."""

import os

import pytest


def unavailable(what: str, reason: str):
    """Skip a test whose program is missing, with a message; fail instead where
    ASCN_REQUIRE_BROWSER is set, as CI sets it: there, every test must run."""
    message = f"{what} skipped: {reason}"
    if os.environ.get("ASCN_REQUIRE_BROWSER"):
        pytest.fail(message.replace("skipped", "required but cannot run"))
    pytest.skip(message)
