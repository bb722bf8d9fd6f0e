"""The public record's public endpoints (/minh-bach/…), read by people and by verifiers.

Nothing private is served: entries hold no name in clear (commitments), salts are published
only while consent holds. Answers that change as the log grows are cached under the money rule
(settings.PAGE_CACHE_MONEY_URL_NAMES); a past checkpoint never changes.
"""

import base64
import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from public_record import keys, services
from public_record.models import Checkpoint
from sitewide.caching import pages

logger = logging.getLogger(__name__)
TEXT = "text/plain; charset=utf-8"
JSON_LINES = "application/x-ndjson; charset=utf-8"
IMMUTABLE = "public, max-age=86400"


def b64(value: bytes) -> str:
    return base64.b64encode(bytes(value)).decode()


class BadRequest(ValueError):
    pass


def _whole_numbers(request, *names):
    values = []
    for name in names:
        raw = request.GET.get(name, "")
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise BadRequest(
                _("%(name)s must be a whole number of at least 0 (given: %(value)s).")
                % {"name": name, "value": raw[:40] or _("nothing")}
            )
        values.append(int(raw))
    return values


def _refused(request, error):
    pages.query_is_invalid(request)
    return JsonResponse(
        {"error": str(error)}, status=400, json_dumps_params={"ensure_ascii": False}
    )


def _broken(error):
    logger.error("public record: %s", error)
    return HttpResponse(
        _("The public record cannot give this proof: its stored tree is not consistent."),
        status=500,
        content_type=TEXT,
    )


@require_safe
def index(request):
    latest = services.latest_checkpoint()
    try:
        verifier_key = keys.verifier_key()
    except keys.NoSigningKey:
        verifier_key = ""
    site = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "public_record/index.html",
        {
            "latest": latest,
            "size": services.size(),
            "verifier_key": verifier_key,
            "site": site,
            "page_size": settings.PUBLIC_RECORD_PAGE_SIZE,
        },
    )


@require_safe
def key(request):
    try:
        text = keys.verifier_key()
    except keys.NoSigningKey:
        return HttpResponse(_("This site has no signing key yet."), status=404, content_type=TEXT)
    return HttpResponse(text + "\n", content_type=TEXT)


def _note(checkpoint):
    if checkpoint is None:
        return HttpResponse(_("No checkpoint has been signed yet."), status=404, content_type=TEXT)
    return HttpResponse(checkpoint.note, content_type=TEXT)


@require_safe
def checkpoint(request):
    return _note(services.latest_checkpoint())


@require_safe
def checkpoint_at(request, size):
    found = Checkpoint.objects.filter(size=size).first() if size < 2**63 else None
    response = _note(found)
    if response.status_code == 200:
        response["Cache-Control"] = IMMUTABLE
    return response


@require_safe
def checkpoints(request):
    listed = Checkpoint.objects.order_by("size").values_list("size", "root_hash", "signed_at")
    return JsonResponse(
        {
            "origin": keys.origin(),
            "checkpoints": [
                {
                    "size": size,
                    "root_hash": b64(root),
                    "signed_at": signed_at.isoformat(),
                    "url": reverse("public_record_checkpoint_at", args=[size]),
                }
                for size, root, signed_at in listed
            ],
        }
    )


@require_safe
@pages.reads_query("start", "end")
def entries(request):
    try:
        start, end = _whole_numbers(request, "start", "end")
        if end <= start:
            raise BadRequest(_("end must be larger than start (entries start ≤ index < end)."))
        if end - start > settings.PUBLIC_RECORD_PAGE_SIZE:
            raise BadRequest(
                _("At most %(count)s entries per request: ask again from the next index.")
                % {"count": settings.PUBLIC_RECORD_PAGE_SIZE}
            )
    except BadRequest as error:
        return _refused(request, error)
    lines = [
        json.dumps(
            {"entry": data, "index": index, "salts": salts},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        + "\n"
        for index, data, salts in services.entries(start, end)
    ]
    return HttpResponse("".join(lines), content_type=JSON_LINES)


def _proof(request, names, compute):
    """A proof as JSON: whole-number parameters in, hashes out in base64."""
    try:
        proof = compute(*_whole_numbers(request, *names))
    except (BadRequest, services.RecordError) as error:
        return _refused(request, error)
    except services.InconsistentLog as error:
        return _broken(error)
    return JsonResponse(
        {
            key: [b64(item) for item in value] if isinstance(value, list) else
            b64(value) if isinstance(value, bytes) else value
            for key, value in proof.items()
        }
    )  # fmt: skip


@require_safe
@pages.reads_query("index", "size")
def inclusion(request):
    return _proof(request, ("index", "size"), services.inclusion_proof)


@require_safe
@pages.reads_query("from", "to")
def consistency(request):
    return _proof(request, ("from", "to"), services.consistency_proof)


@require_safe
def verifier_script(request):
    """The standalone verifier (docs/verify_public_record.py), to download and read."""
    script = settings.BASE_DIR / "docs" / "verify_public_record.py"
    response = HttpResponse(script.read_bytes(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="verify_public_record.py"'
    return response
