"""The one place where this package talks HTTP to someone else.

Kept tiny and module-level so tests replace `http_call` with a fake (monkeypatch) and nothing
ever leaves the machine during a test run. Only http/https URLs are accepted: the URL comes from
settings or from a signed callback, but a file:// URL must never be opened by mistake.
"""

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 10


class TransportError(Exception):
    """The other side could not be reached or did not answer in time."""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: bytes

    def text(self):
        return self.body.decode("utf-8", errors="replace")


def http_call(method, url, *, body=None, headers=None, timeout=DEFAULT_TIMEOUT):
    """Send one request and return its status and body; HTTP error statuses are returned too.

    Raises TransportError when nothing usable came back (refused, DNS, timeout).
    """
    if urlsplit(url).scheme not in {"http", "https"}:
        raise TransportError(f"Refusing to call a non-HTTP URL: {url!r}")
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return HttpResponse(response.status, response.read())
    except urllib.error.HTTPError as error:
        return HttpResponse(error.code, error.read() or b"")
    except (urllib.error.URLError, OSError) as error:
        raise TransportError(str(error)) from error
