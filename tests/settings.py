"""The settings of the test suite: the portal's own, in development mode.

An unset DEBUG means production (blp_portal/settings.py), which needs SECRET_KEY and
ALLOWED_HOSTS. `make test` sets DEBUG=1; this module does the same for a plain `pytest`, before
the portal's settings are read (pytest-django imports DJANGO_SETTINGS_MODULE before any
conftest.py). Set in os.environ, so that subprocesses started by tests inherit it.
"""

import os

os.environ.setdefault("DEBUG", "1")
# The budget of uncached renders (blp_portal/lib/render_budget.py) is off: a test, or a server a
# test starts, may render hundreds of pages from one address; its own tests switch it on.
os.environ.setdefault("UNCACHED_RENDER_BUDGET", "0")

from blp_portal.settings import *  # noqa: E402, F403
