"""The exceptions the library raises; only the CLI and the UI turn them into messages.

AssistantError
 ├── SettingsError     an unknown or invalid setting
 ├── InputError        a file, URL, feed or JSON record that cannot be read as an article
 │    └── NotArticleError   a page that is not an article: a cookie wall, a soft 404, a paywall teaser
 ├── FilterError       a filter names an outlet the index lacks, or dates that end before they start
 ├── StoreError        the vector store cannot be reached or answered badly
 └── LLMError          the language model failed (timeout, HTTP error, malformed reply)
"""


class AssistantError(Exception):
    """Base of every error this package raises on purpose."""


class SettingsError(AssistantError):
    """A setting is unknown or has an invalid value."""


class InputError(AssistantError):
    """An input cannot be read as articles; the message names the culprit."""


class NotArticleError(InputError):
    """A page was read but is not an article (too little text, a consent wall, "page not found", a teaser)."""


class FilterError(AssistantError):
    """A search filter can match nothing: an outlet the index lacks, or a date range ending before it starts."""


class StoreError(AssistantError):
    """The vector store is unreachable or failed."""


class LLMError(AssistantError):
    """The language model could not produce an answer; the message says why, for a reader ("HTTP 429")."""


class LLMUnreachable(LLMError):
    """The language model's server did not answer at all: no connection, or no reply in time."""


class LLMBadReply(LLMError):
    """The language model answered with something unusable: cut off, empty, malformed."""


class LLMTruncated(LLMError):
    """The language model's reply stopped at its length limit: what came is usable but for its last sentence."""
