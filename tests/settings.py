"""The settings of the test suite: the portal's own, in development mode.

An unset DEBUG means production (blp_portal/settings.py), which needs SECRET_KEY and
ALLOWED_HOSTS. `make test` sets DEBUG=1; this module does the same for a plain `pytest`, before
the portal's settings are read (pytest-django imports DJANGO_SETTINGS_MODULE before any
conftest.py). Set in os.environ, so that subprocesses started by tests inherit it.
"""

import os

os.environ.setdefault("DEBUG", "1")

from blp_portal.settings import *  # noqa: E402, F403
