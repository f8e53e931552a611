"""One exception base class, and the named exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, listed in the README. Never renumber: scripts depend on them."""

    OK = 0
    FAILURE = 1  # unexpected internal error
    USAGE = 2  # bad command-line usage (typer/click's own code)
    INPUT = 3  # a source could not be read or is not usable text
    DUPLICATE = 4  # the source (id or text) is already in the corpus
    NOT_FOUND = 5  # an id, path or URL that does not exist
    CORPUS = 6  # the corpus (or a file in it) is damaged or invalid
    NETWORK = 7  # a URL could not be fetched
    LOCKED = 8  # another compare process holds the corpus lock
    PARTIAL = 9  # several inputs: some succeeded, some failed


class CompareError(Exception):
    """Base class of every error compare raises on purpose; its message is one line."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self.args[0])


class InputError(CompareError):
    exit_code = ExitCode.INPUT


class DuplicateError(CompareError):
    exit_code = ExitCode.DUPLICATE


class NotFoundError(CompareError):
    exit_code = ExitCode.NOT_FOUND


class CorpusError(CompareError):
    exit_code = ExitCode.CORPUS


class NetworkError(CompareError):
    exit_code = ExitCode.NETWORK


class LockedError(CompareError):
    exit_code = ExitCode.LOCKED


class UsageError(CompareError):
    exit_code = ExitCode.USAGE
