"""One Redis database for the tests that empty it, one test at a time: the workers of a
parallel run (make test), and other runs on the machine, take turns through a lock
file. (pytest-xdist's xdist_group does not group with pytest 9: it renames items through
an attribute pytest no longer reads.)"""

import fcntl
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def redis_database_held(url: str) -> Iterator[None]:
    """Hold the database at `url` until the block ends; wait while another test does."""
    name = hashlib.sha256(url.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"advocacy-tests-redis-{name}.lock"
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
