"""Requests carrying a NUL character are refused with 400 before any view sees them.

Nobody types U+0000; scripts do. PostgreSQL cannot hold it in a text value, so a NUL in a path
(`/ung-ho/%00/sao-ke/`) or in any query parameter (`?ten=%00`) that reaches a filter made the
database raise and the reader get a 500. Django's form fields already refuse NUL in submitted
forms (ProhibitNullCharactersValidator); paths and query strings are checked here, once.
"""

from django.core.exceptions import SuspiciousOperation

NUL = "\x00"


def carries_nul(request):
    if NUL in request.path:
        return True
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return True
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            # Django answers SuspiciousOperation with its 400 page (templates/400.html).
            raise SuspiciousOperation("NUL character in the request's path or query string")
        return self.get_response(request)
