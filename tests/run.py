"""`make test`: the whole suite on SQLite, and on PostgreSQL when it answers.

Says which databases it ran. With DUTHAO_REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL fails
the run instead of skipping it.
"""

import os
import sys

import pytest

from tests.pg import postgres_answers, postgres_url


def main() -> int:
    url = postgres_url()
    required = os.environ.get("DUTHAO_REQUIRE_POSTGRES") == "1"
    if postgres_answers(url):
        print(f"[duthao] databases: SQLite and PostgreSQL ({url})", flush=True)
    elif required:
        print(
            f"[duthao] PostgreSQL is required (DUTHAO_REQUIRE_POSTGRES=1) but {url} "
            "does not answer",
            flush=True,
        )
        return 2
    else:
        print(f"[duthao] databases: SQLite only (PostgreSQL at {url} does not answer)", flush=True)
    workers = os.environ.get("DUTHAO_TEST_WORKERS", "2")
    args = ["-n", workers, "--dist", "loadgroup"] if workers not in ("0", "1") else []
    return pytest.main([*args, *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
