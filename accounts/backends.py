"""django-axes' lockout check as an authentication backend."""

from axes.backends import AxesStandaloneBackend


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse logins of locked-out users and IP addresses (django-axes).

    Every login over HTTP (the admin's login view) passes the request. Calls without one come
    from code, not from a visitor (Django's test client `login()`, the shell); axes cannot
    count those, so they are left to the next backend instead of raising an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
