"""One exception type for everything a user can cause; the CLI prints it as one line."""

from .i18n import _


class MatrixError(Exception):
    """A problem with the user's input or environment, already phrased for the user.

    `where` is the file (and line, if known) it concerns, so the message can name it.
    """

    def __init__(self, message: str, where: str | None = None, line: int | None = None):
        self.message = message
        self.where = where
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.where and self.line:
            return _("{where}:{line}: {message}").format(
                where=self.where, line=self.line, message=self.message)
        if self.where:
            return _("{where}: {message}").format(where=self.where, message=self.message)
        return self.message
