"""Every admin registration of the portal's content, and the editorial office around it.

- history.py: django-reversion's history, limited to the user's scope.
- proposals.py: a coordinator's save becomes a proposed change for GIZ to review.
- workflow.py: ProjectAdmin's review workflow, preview and optimistic locking.
- catalogue.py, projects.py: the admins of themes, Länder, countries, organisations, pages,
  phases, special calls and projects.
- office.py: coordinators, proposed changes and the workflow log; staff.py: staff accounts.
- mail.py: the workflow e-mails, failed ones to send again (editors only).

Who may do what is decided in editorial/scope.py; these classes ask it.
"""

import editorial.admin.updates  # noqa: F401  (project updates)
from editorial.admin import catalogue, feedback, mail, office, projects, staff  # noqa: F401
