"""Gunicorn settings for `make serve` and production: `gunicorn -c config/gunicorn.conf.py`.

Every value can be changed from the environment: PORT, HOST, WEB_CONCURRENCY (worker
processes, default 2 per CPU + 1), WEB_THREADS (default 1), WEB_TIMEOUT, WEB_MAX_REQUESTS,
WEB_BACKLOG; with threads, MAX_CONCURRENT_REQUESTS (default 1) and DATABASE_POOL_SIZE.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

from core.redaction import redact

# Production reads its settings from the environment only, never a development .env
# (config/settings.py), unless ENV_FILE names a file.
os.environ.setdefault("ENV_FILE", "")

wsgi_app = "config.wsgi:application"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads per process: 1 (the default) gives sync workers, the fastest here under
# steady load (docs/benchmarks.md). With more, each process runs MAX_CONCURRENT_REQUESTS
# requests at once (default 1) and its other threads answer a spike's excess requests
# at once with a 503 and Retry-After (core/middleware.py) instead of letting them
# queue until they time out; its threads share a pool of DATABASE_POOL_SIZE connections.
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
if threads > 1:
    os.environ.setdefault("MAX_CONCURRENT_REQUESTS", "1")
    running = int(os.environ["MAX_CONCURRENT_REQUESTS"]) or threads
    os.environ.setdefault("DATABASE_POOL_SIZE", str(min(threads, running + 1)))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30  # on SIGTERM or SIGHUP, let running requests finish
keepalive = int(os.environ.get("WEB_KEEPALIVE", "5"))  # seconds; 0: close after each response
# Restart a worker after this many requests (with jitter), so that a slow leak cannot grow.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Queue connections at the socket rather than accepting more than the workers can serve.
backlog = int(os.environ.get("WEB_BACKLOG", "256"))
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
# No client address, no query string (searches), no referrer or user agent: only what
# is needed to see the traffic. Email-link tokens in paths are redacted below.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def _redacted(method):
    def log(self, msg, *args, **kwargs):
        text = str(msg) % args if args else str(msg)
        return method(self, redact(text), **kwargs)

    return log


class RedactingLogger(Logger):
    """Gunicorn's logger, with email-link tokens replaced in access lines, and tokens
    and client addresses in error lines (core/redaction.py)."""

    critical = _redacted(Logger.critical)
    error = _redacted(Logger.error)
    warning = _redacted(Logger.warning)
    info = _redacted(Logger.info)
    debug = _redacted(Logger.debug)
    exception = _redacted(Logger.exception)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "{raw_uri}e"):
            if key in atoms and isinstance(atoms[key], str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger
