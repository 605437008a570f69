"""
The one Logger and Metrics of the package. Logs carry references, never personal data.
A Tracer is created only where it is used (it costs ~120 ms of cold start).

Personal data can still reach a log line through text we do not write: an exception that
names an address (SES's MessageRejected), or a library's own message about a failed
record (Powertools' batch processor). Every log record is therefore scrubbed as it is
made, whichever logger makes it and whichever handler prints it (Lambda's, Powertools',
pytest's): message, arguments and exception text; Powertools' JSON lines are scrubbed
once more as a whole, extras and stack trace included.
"""

import json
import logging
import re
import traceback
import warnings
from typing import Any

from aws_lambda_powertools import Logger, Metrics

SERVICE = "portal"

# Anything shaped like an e-mail address, local part included whatever its characters
# (RFC 5321 allows ' = / in it). Bounded to the longest local part and domain, so that a
# long run of text without spaces is scanned in linear time: unbounded, a 40 KB key typed
# by a sender took 21 s to scrub.
_ADDRESS = re.compile(r"[^\s@<>()\[\]{},;:\"`\\|]{1,64}@[^\s@<>()\[\]{},;:\"'`\\/|=]{1,255}")
# pydantic quotes the input it refused: a name, a message, an address.
_PYDANTIC_INPUT = re.compile(r"input_value=.*?(?=, input_type=|\]$)", re.MULTILINE)


def scrub(text: str) -> str:
    """The text with e-mail addresses and quoted form input replaced by placeholders."""
    if "@" in text:
        text = _ADDRESS.sub("[address]", text)
    return _PYDANTIC_INPUT.sub("input_value=[redacted]", text)


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {_scrubbed(key): _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrubbed(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return scrub(str(value))  # what json.dumps would print with default=str


def _json_line(log: dict[str, Any]) -> str:
    return json.dumps(_scrubbed(log), separators=(",", ":"), default=str, ensure_ascii=False)


_make_record = logging.getLogRecordFactory()


def _scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    if isinstance(record.msg, str):
        try:
            record.msg, record.args = scrub(record.getMessage()), None
        except (TypeError, ValueError):  # arguments that do not fit: keep the template only
            record.msg, record.args = scrub(record.msg), None
    if record.exc_info and record.exc_info[1] is not None:
        # Formatters print exc_text when it is set; Powertools' formats exc_info itself and
        # its JSON line is scrubbed by _json_line.
        record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info))).rstrip()
    return record


if getattr(_make_record, "__name__", "") != _scrubbed_record.__name__:  # once per process
    logging.setLogRecordFactory(_scrubbed_record)

logger = Logger(service=SERVICE, json_serializer=_json_line)
metrics = Metrics(namespace="Portal", service=SERVICE)
# Most requests record no metric (a challenge, a refused form): Powertools' warning about
# an empty flush would be the one unstructured line among the JSON logs, once per
# execution environment.
warnings.filterwarnings("ignore", "No application metrics to publish", UserWarning)
