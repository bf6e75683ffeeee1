"""Start the News Assistant chat UI: settings -> assistant -> UI -> launch."""

import sys

from assistant.ui import main

if __name__ == "__main__":
    sys.exit(main())
