"""Start the News Assistant chat UI: settings -> assistant -> UI -> launch."""

from assistant.settings import load_settings
from assistant.ui import launch

if __name__ == "__main__":
    launch(load_settings())
