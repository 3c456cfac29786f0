"""rendakb's exceptions: one base, subclasses named for the condition.

api/ turns them into HTTP answers in one place; the CLI into a message and exit code.
"""


class RendakbError(Exception):
    """Base of every error rendakb raises on purpose."""

    status = 400  # the HTTP status api/ answers with

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class QueryError(RendakbError):
    """A query or parameter a person can fix (empty, too long, out of range)."""


class DocumentNotFound(RendakbError):
    status = 404


class UnitNotFound(RendakbError):
    status = 404


class TopicNotFound(RendakbError):
    """A comparison or handout topic that no clause in the index is about."""

    status = 404


class RegionNotFound(RendakbError):
    """A region no document in the index belongs to."""

    status = 404


class IndexNotReady(RendakbError):
    """There is no index yet (or it cannot be opened); run `rendakb index`."""

    status = 503


class IngestError(RendakbError):
    """A local file that cannot be turned into documents."""


class FetchFailed(RendakbError):
    """A page the crawler could not get; recorded, never fatal to the crawl."""
