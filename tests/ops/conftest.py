import socket

import pytest


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers: a hung server."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()
