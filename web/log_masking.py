"""Log records never carry a unit's secret token: paths under /u/ and /api/v1/u/ are masked.

The filter works on the record itself (message, arguments, exception text), so it holds
whatever the record's logger and handlers are: uvicorn's access log, the "unhandled error"
line, Prefect's loggers. The composition root installs it once per process
(`install_log_masking`) as the record factory: uvicorn and Prefect configure their handlers
after the app is built, and a filter on a logger misses records propagated from its children.
"""

import logging
from collections.abc import Callable
from typing import Any

from models.tokens import mask_secret_paths

_FORMATTER = logging.Formatter()
_PLAIN = (int, float, bool, type(None))


def _masked_arg(value: Any) -> Any:
    if isinstance(value, str):
        return mask_secret_paths(value)
    if isinstance(value, _PLAIN):
        return value
    text = str(value)  # a URL object, an exception: replaced only if it names a unit path
    masked = mask_secret_paths(text)
    return masked if masked != text else value


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the record in place (uvicorn's access formatter needs its argument tuple kept)."""
    if isinstance(record.msg, str):
        record.msg = mask_secret_paths(record.msg)
    if isinstance(record.args, dict):
        record.args = {k: _masked_arg(v) for k, v in record.args.items()}
    elif record.args:
        record.args = tuple(_masked_arg(a) for a in record.args)
    if record.exc_info and not record.exc_text:
        # Formatted now, masked: formatters reuse exc_text rather than format it again.
        record.exc_text = _FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_secret_paths(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_secret_paths(record.stack_info)
    return record


class _MaskingFactory:
    """A log record factory that masks what the one before it made."""

    def __init__(self, previous: Callable[..., logging.LogRecord]) -> None:
        self.previous = previous

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(self.previous(*args, **kwargs))


def install_log_masking() -> None:
    """Mask every record of this process at creation; installing twice is a no-op."""
    previous = logging.getLogRecordFactory()
    if isinstance(previous, _MaskingFactory):
        return
    logging.setLogRecordFactory(_MaskingFactory(previous))
