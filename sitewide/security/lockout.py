"""The page a locked-out admin login gets (django-axes calls lockout_response).

Our own view rather than axes' default text: the message must be Vietnamese, say how long the
lock lasts, and not reveal whether the username exists (the same page whatever was typed).
"""

from axes.helpers import get_cool_off
from django.shortcuts import render

LOCKOUT_STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request, "security/lockout.html", {"cooloff_minutes": minutes}, status=LOCKOUT_STATUS
    )
