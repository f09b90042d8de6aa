"""E-mail about review: to Publishers when something is submitted, to its
author when it is published or sent back."""

from __future__ import annotations

from typing import Any


def submitted(*, record: Any, change: Any, actor: Any, comment: str) -> None:
    pass


def sent_back(*, record: Any, change: Any, actor: Any, comment: str) -> None:
    pass


def published(*, record: Any, change: Any, actor: Any, comment: str) -> None:
    pass
