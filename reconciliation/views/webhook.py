"""POST /reconciliation/feeds/<slug>/: where SePay or Casso push each incoming transfer.

Thin: the service authenticates, reads and stores. The answers are what the services expect:
200 {"success": true} for a transfer taken in and for a retry of one already known (so SePay
stops retrying), 401 without credentials, 403 with wrong ones, 400 for a body that is not a
transfer; nothing is stored unless the answer is 200.
"""

import logging

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from reconciliation.statements import StatementError
from reconciliation.statements.feeds import (
    CASSO_SIGNATURE_HEADER,
    SEPAY_ACK,
    SEPAY_SIGNATURE_HEADER,
    FeedAuthError,
)

from ..models import FeedSource
from ..services.feeds import receive_call

logger = logging.getLogger(__name__)
CREDENTIAL_HEADERS = ("Authorization", SEPAY_SIGNATURE_HEADER, CASSO_SIGNATURE_HEADER)


def _refusal(message, status):
    return JsonResponse({"success": False, "message": message}, status=status)


@csrf_exempt
@require_POST
def feed_webhook(request, slug):
    source = get_object_or_404(
        FeedSource.objects.select_related("bank_account", "bank_account__fund"), slug=slug
    )
    try:
        outcome = receive_call(source, request.headers, request.body)
    except FeedAuthError as error:
        given = any(request.headers.get(name) for name in CREDENTIAL_HEADERS)
        logger.warning("Feed %s refused: %s", slug, error.detail)
        return _refusal(str(error), 403 if given else 401)
    except StatementError as error:
        return _refusal(str(error), 400)
    except ValidationError as error:
        # The account is not linked to a fund yet: refuse, so the feed retries later.
        return _refusal(" ".join(error.messages), 503)
    return JsonResponse({**SEPAY_ACK, "new": outcome.new, "duplicate": outcome.duplicate})
