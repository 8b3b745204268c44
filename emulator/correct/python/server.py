#!/usr/bin/env python3
"""A PutDestination server written from spec/putdestination.openapi.yaml.

It is a second opinion on the contract, independent of the Go emulator, and
uses only Python's standard library (http.server, json, unicodedata).

Contract, as served here:
  * POST to any path with a valid PutDestination request gets 200 and
    {"success":true,"data":{"id":ID,"created_at":RFC3339}}. Create or update
    by destinationName: the same name (compared code point for code point)
    keeps its id and created_at; different names get different ids.
  * Any other POST body (empty, malformed JSON, not an object, wrong types,
    null for a required member, a rule broken) gets 400 and
    {"success":false,"error":{"code":"VALIDATION_ERROR","message":...}}.
  * Other methods get 405 with "Allow: POST"; their body is read and
    discarded first so that a kept-alive connection stays in sync.
  * Never a 5xx: an unexpected exception answers 400 VALIDATION_ERROR and is
    logged to stderr.

Usage: python3 server.py [--port N] [--host 127.0.0.1] [--desync] [--default-limits]

Port 0 (the default) picks a free port. Once listening, the server prints
exactly one line, "listening on http://HOST:PORT", to stdout. SIGTERM and
SIGINT stop it with exit status 0.

--desync makes a deliberately faulty variant: other methods are answered 405
WITHOUT reading their body, so the body's bytes stay on the kept-alive
connection and the next request on it is misread (an HTTP desync).

--default-limits keeps Python's own parser limits, which RFC 8259 section 9
allows and the contract notes leave room for: the default recursion limit
and thread stack (json's scanner recurses once per level of nesting, so a
body nested about 1,000 levels deep raises RecursionError), and numbers
decoded by int and float (int refuses more than 4,300 digits). A body past
them gets 400 VALIDATION_ERROR, as anything json cannot parse does.
"""

import argparse
import datetime
import http.server
import json
import re
import signal
import socket
import socketserver
import sys
import threading
import traceback
import unicodedata
import uuid

# Bodies up to MAX_BODY bytes are parsed; bigger ones get 400. Up to
# MAX_DISCARD bytes of an oversized body are read and thrown away so that the
# connection can be kept; beyond that the connection is closed after answering.
MAX_BODY = 64 << 20
MAX_DISCARD = 256 << 20

# Deeply nested unknown members must parse: json's C scanner recurses once per
# level, bounded by the recursion limit. Handler threads get a big enough stack
# for this limit, so a very deep document raises RecursionError (answered 400),
# never a crash. Go's encoding/json stops at 10000 levels; we go beyond that.
RECURSION_LIMIT = 20000
THREAD_STACK = 64 << 20

# Idle kept-alive connections are closed after this many seconds, well after
# Go's default client idle timeout (90 s), so a client never races the close.
SOCKET_TIMEOUT = 300

NAME_MAX = 512
TAGS_MAX = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
TAG_PUNCTUATION = frozenset("_.:/=+-@")


class Invalid(Exception):
    """A request that breaks the contract; str(self) says what is wrong."""


class Number:
    """A JSON number, kept as its text.

    Parsing numbers into int or float is not needed (no member of the
    request is a number) and int() refuses literals longer than 4300 digits,
    so numbers stay text and only their JSON type matters.
    """

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


def _reject_constant(name):
    # json accepts NaN, Infinity and -Infinity, which are not JSON.
    raise Invalid(f"body is not valid JSON: {name} is not a JSON value")


_DECODER = json.JSONDecoder(
    parse_int=Number, parse_float=Number, parse_constant=_reject_constant
)

# json's own decoding of numbers, for --default-limits.
_PYTHON_DECODER = json.JSONDecoder(parse_constant=_reject_constant)

_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    Number: "a number",
    int: "a number",
    float: "a number",
    type(None): "null",
}


def json_type(value):
    """The JSON type of a decoded value, for messages."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def parse_body(body, decoder=_DECODER):
    """Decode a request body (bytes) into a JSON object, or raise Invalid."""
    if not body:
        raise Invalid("body is empty, want a JSON object")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Invalid(f"body is not valid UTF-8 (byte offset {e.start})") from None
    try:
        value = decoder.decode(text)
    except json.JSONDecodeError as e:
        raise Invalid(f"body is not valid JSON: {e}") from None
    except RecursionError:
        raise Invalid("body is not acceptable JSON: nested too deeply") from None
    except ValueError as e:  # int's digit limit
        raise Invalid(f"body is not acceptable JSON: {e}") from None
    if not isinstance(value, dict):
        raise Invalid(f"body is {json_type(value)}, want a JSON object")
    return value


def is_tag_char(c):
    """Whether c is in \\p{L}, \\p{Z}, \\p{N} or one of _ . : / = + - @."""
    return c in TAG_PUNCTUATION or unicodedata.category(c)[0] in "LNZ"


def show(s, limit=40):
    """s quoted for a message, cut to limit characters."""
    return repr(s) if len(s) <= limit else repr(s[:limit]) + "..."


def require_string(request, member):
    """The required string member, or raise Invalid."""
    if member not in request:
        raise Invalid(f"{member} is missing")
    value = request[member]
    if value is None:
        raise Invalid(f"{member} is null, want a string")
    if not isinstance(value, str):
        raise Invalid(f"{member} is {json_type(value)}, want a string")
    return value


def validate_tag_string(what, s, min_len, max_len):
    if len(s) < min_len:
        raise Invalid(f"{what} is empty, want at least {min_len} character")
    if len(s) > max_len:
        raise Invalid(f"{what} has {len(s)} characters, want at most {max_len}")
    for i, c in enumerate(s):
        if not is_tag_char(c):
            raise Invalid(
                f"{what} has U+{ord(c):04X} at character {i}, want only letters, "
                "separators, numbers and _ . : / = + - @"
            )


def validate(request):
    """Check a decoded request against the contract; return its name.

    Raises Invalid with a message naming the member and the rule broken.
    Characters are code points: a Python str's len counts code points.
    """
    name = require_string(request, "destinationName")
    if not name:
        raise Invalid("destinationName is empty, want 1 to 512 characters")
    if len(name) > NAME_MAX:
        raise Invalid(
            f"destinationName has {len(name)} characters, want at most {NAME_MAX}"
        )
    for forbidden in ":*":
        if forbidden in name:
            raise Invalid(f"destinationName contains {forbidden!r}, which is not allowed")

    for member in ("targetArn", "roleArn"):
        if not require_string(request, member):
            raise Invalid(f"{member} is empty, want at least 1 character")

    tags = request.get("tags")  # absent and null are the same
    if tags is not None:
        if not isinstance(tags, dict):
            raise Invalid(f"tags is {json_type(tags)}, want an object or null")
        if not tags:
            raise Invalid("tags is empty, want 1 to 50 entries")
        if len(tags) > TAGS_MAX:
            raise Invalid(f"tags has {len(tags)} entries, want at most {TAGS_MAX}")
        for key, value in tags.items():
            validate_tag_string(f"tags key {show(key)}", key, 1, TAG_KEY_MAX)
            if not isinstance(value, str):
                raise Invalid(f"tags[{show(key)}] is {json_type(value)}, want a string")
            validate_tag_string(f"tags[{show(key)}]", value, 0, TAG_VALUE_MAX)
    return name


class Store:
    """Destinations by exact name; safe for concurrent use."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_name = {}

    def put(self, name):
        """Create or update name; return its (id, created_at)."""
        with self._lock:
            entry = self._by_name.get(name)
            if entry is None:
                created_at = datetime.datetime.now(datetime.timezone.utc).isoformat()
                entry = (str(uuid.uuid4()), created_at)
                self._by_name[name] = entry
            return entry


_DIGITS = re.compile(r"[0-9]+")
_HEX = re.compile(rb"[0-9A-Fa-f]+")


class BadFraming(Exception):
    """The request body's framing is broken: answer 400 and close."""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY,
    # Nagle and delayed ACKs would hold every answer back ~40 ms.
    disable_nagle_algorithm = True
    server_version = "putdestination-python"
    # http.server's default, HTTP/0.9, makes its error answers to a malformed
    # request line (garbage, HTTP/2.0) go out without a status line.
    default_request_version = "HTTP/1.0"
    timeout = SOCKET_TIMEOUT

    # Set on the subclass made in main().
    store = None
    desync = False
    decoder = _DECODER

    # --- body framing -------------------------------------------------------

    def read_body(self, limit):
        """Read the request body (Content-Length or chunked).

        Returns (body, complete): body holds at most limit bytes; complete is
        False when the body was bigger than limit. Bytes beyond limit are read
        and discarded up to MAX_DISCARD; past that the connection is closed.
        Raises BadFraming when the framing cannot be trusted.
        """
        te = self.headers.get_all("Transfer-Encoding")
        if te:
            codings = [c.strip().lower() for v in te for c in v.split(",") if c.strip()]
            if codings != ["chunked"]:
                raise BadFraming(f"unsupported Transfer-Encoding {', '.join(te)!r}")
            # A Content-Length beside chunked is ignored (RFC 9112 6.3), but
            # the connection is not trusted afterwards.
            if self.headers.get("Content-Length") is not None:
                self.close_connection = True
            return self._read_chunked(limit)
        lengths = self.headers.get_all("Content-Length")
        if not lengths:
            return b"", True
        values = {v.strip() for l in lengths for v in l.split(",")}
        if len(values) != 1 or not _DIGITS.fullmatch(next(iter(values))):
            raise BadFraming(f"invalid Content-Length {', '.join(lengths)!r}")
        n = int(next(iter(values)))
        if n <= limit:
            return self._read_exact(n), True
        if n > MAX_DISCARD:
            self.close_connection = True
            return b"", False
        self._discard(n)
        return b"", False

    def _read_exact(self, n):
        data = self.rfile.read(n)
        if len(data) != n:
            raise BadFraming(f"body ended after {len(data)} of {n} bytes")
        return data

    def _discard(self, n):
        while n > 0:
            chunk = self.rfile.read(min(n, 1 << 20))
            if not chunk:
                raise BadFraming("body ended early")
            n -= len(chunk)

    def _read_line(self):
        line = self.rfile.readline(65537)
        if len(line) > 65536 or not line.endswith(b"\n"):
            raise BadFraming("bad chunk framing")
        return line

    def _read_chunked(self, limit):
        parts, total, complete = [], 0, True
        while True:
            size_text = self._read_line().split(b";", 1)[0].strip()
            if not _HEX.fullmatch(size_text):
                raise BadFraming(f"bad chunk size {size_text[:40]!r}")
            size = int(size_text, 16)
            if size == 0:
                break
            total += size
            if total > MAX_DISCARD:
                raise BadFraming("chunked body too large")
            if complete and total <= limit:
                parts.append(self._read_exact(size))
            else:
                complete = False
                parts = []
                self._discard(size)
            if self._read_line().strip():
                raise BadFraming("chunk not followed by CRLF")
        while self._read_line().strip():  # trailer fields, ignored
            pass
        return b"".join(parts), complete

    # --- answers ------------------------------------------------------------

    def answer(self, status, payload, extra_headers=()):
        body = json.dumps(payload).encode("ascii")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra_headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def answer_invalid(self, message):
        self.answer(
            400,
            {
                "success": False,
                "error": {"code": "VALIDATION_ERROR", "message": message},
            },
        )

    def do_POST(self):
        try:
            try:
                body, complete = self.read_body(MAX_BODY)
            except BadFraming as e:
                self.close_connection = True
                self.answer_invalid(f"request body unreadable: {e}")
                return
            if not complete:
                self.answer_invalid(f"body is larger than {MAX_BODY} bytes")
                return
            try:
                name = validate(parse_body(body, self.decoder))
            except Invalid as e:
                self.answer_invalid(str(e))
                return
            dest_id, created_at = self.store.put(name)
            self.answer(
                200, {"success": True, "data": {"id": dest_id, "created_at": created_at}}
            )
        except (ConnectionError, TimeoutError):
            raise
        except Exception:  # never a 5xx
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True
            self.answer_invalid("request could not be processed")

    def not_allowed(self):
        """405 for every method but POST, after reading the body (unless desync)."""
        try:
            if not self.desync:
                try:
                    self.read_body(0)
                except BadFraming:
                    self.close_connection = True
            self.answer(405, {"message": "Method Not Allowed"}, [("Allow", "POST")])
        except (ConnectionError, TimeoutError):
            raise
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True

    def __getattr__(self, name):
        # BaseHTTPRequestHandler dispatches to do_<METHOD>; every method but
        # POST lands here.
        if name.startswith("do_"):
            return self.not_allowed
        raise AttributeError(name)

    def send_error(self, code, message=None, explain=None):
        # http.server's own errors (malformed request line, unsupported HTTP
        # version, ...) must not be 5xx either.
        # The detail goes in the body only: the reason phrase stays the
        # standard one, free of request bytes.
        if code >= 500:
            code = 400
            self.close_connection = True
        super().send_error(code, None, message or explain)

    def log_message(self, format, *args):
        pass  # no per-request log; errors go through log_error

    def log_error(self, format, *args):
        sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def server_bind(self):
        # HTTPServer.server_bind resolves the host name (getfqdn), which can
        # stall without DNS; the name is not needed.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class Server6(Server):
    address_family = socket.AF_INET6


class Stop(BaseException):
    """Raised by the signal handler to leave serve_forever.

    A BaseException, not an Exception: socketserver catches Exception around
    starting a handler thread, and a signal landing there would otherwise be
    printed and ignored."""


def _stop(signum, frame):
    raise Stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description="PutDestination server (Python).")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument(
        "--desync",
        action="store_true",
        help="faulty variant: answer other methods without reading their body",
    )
    parser.add_argument(
        "--default-limits",
        action="store_true",
        help="keep Python's own recursion and digit limits; 400 past them",
    )
    args = parser.parse_args(argv)

    decoder = _PYTHON_DECODER if args.default_limits else _DECODER
    if not args.default_limits:
        sys.setrecursionlimit(RECURSION_LIMIT)
        threading.stack_size(THREAD_STACK)

    handler = type(
        "BoundHandler",
        (Handler,),
        {"store": Store(), "desync": args.desync, "decoder": decoder},
    )
    server_class = Server6 if ":" in args.host else Server
    server = server_class((args.host, args.port), handler)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"listening on http://{shown}:{port}", flush=True)
    try:
        server.serve_forever()
    except Stop:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
