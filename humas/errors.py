"""The one exception the CLI turns into a one-line message and a non-zero exit."""


class HumasError(Exception):
    """Bad input or an unusable environment; ``str(exc)`` says what to fix."""

    exit_code = 1
