"""Text messages to a donor's phone: SMS through a brand-name gateway, or a Zalo ZNS template
message, through the backend named in settings.MOBILISATION_MESSAGE_BACKEND:

- ``mobilisation.messaging.ConsoleBackend`` (the default): writes the message to standard
  output, as Django's console e-mail backend does; nothing leaves the machine.
- ``mobilisation.messaging.ZaloZnsBackend``: Zalo Notification Service's template message API
  (POST JSON with the OA's access token in the ``access_token`` header; the template, approved
  by Zalo beforehand, gets ``template_data``; ``error`` 0 means accepted).
  Settings: MOBILISATION_ZALO_ZNS = {"URL", "ACCESS_TOKEN", "TEMPLATE_ID"}.
- ``mobilisation.messaging.SmsBrandnameBackend``: an SMS brand-name gateway of the common
  Vietnamese shape (eSMS and the like: POST JSON with ApiKey, SecretKey, Phone, Content,
  Brandname, SmsType; ``CodeResult`` "100" means accepted). The text is sent without diacritics,
  which every handset shows and which costs one SMS per 160 characters.
  Settings: MOBILISATION_SMS = {"URL", "API_KEY", "SECRET_KEY", "BRANDNAME", "SMS_TYPE"}.

A backend's ``send(message)`` returns the provider's id for the message, or raises
MessageError with a sentence staff can read. Tests run each HTTP backend against a local fake
server started by the test, never the real network.
"""

import dataclasses
import json
import sys
import urllib.error
import urllib.request

from anyascii import anyascii
from django.conf import settings
from django.utils.module_loading import import_string

TIMEOUT_SECONDS = 10


class MessageError(Exception):
    """The provider refused the message or could not be reached."""


@dataclasses.dataclass
class PhoneMessage:
    phone: str  # domestic form, 0xxxxxxxxx
    text: str  # the full text, for SMS and the console
    data: dict  # the values of a Zalo ZNS template
    tracking_id: str = ""


def international(phone):
    """0912345678 → 84912345678, the form both APIs take."""
    return "84" + phone[1:] if phone.startswith("0") else phone


def _post_json(url, payload, headers):
    if not str(url).startswith(("https://", "http://")):
        raise MessageError("the gateway's URL is not set (an http or https URL)")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as error:
        raise MessageError(f"HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise MessageError(str(getattr(error, "reason", error))) from None
    try:
        return json.loads(body or b"{}")
    except ValueError:
        raise MessageError("invalid JSON answer") from None


class ConsoleBackend:
    name = "console"

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, message):
        stream = self.stream or sys.stdout
        stream.write(f"[SMS/Zalo → {message.phone}] {message.text}\n")
        stream.flush()
        return "console"


class ZaloZnsBackend:
    name = "zalo_zns"

    def __init__(self, config=None):
        self.config = config or settings.MOBILISATION_ZALO_ZNS

    def send(self, message):
        payload = {
            "phone": international(message.phone),
            "template_id": self.config["TEMPLATE_ID"],
            "template_data": message.data,
            "tracking_id": message.tracking_id,
        }
        answer = _post_json(
            self.config["URL"], payload, {"access_token": self.config["ACCESS_TOKEN"]}
        )
        if answer.get("error") != 0:
            raise MessageError(f"Zalo ZNS {answer.get('error')}: {answer.get('message', '')}")
        return str((answer.get("data") or {}).get("msg_id", ""))


class SmsBrandnameBackend:
    name = "sms_brandname"

    def __init__(self, config=None):
        self.config = config or settings.MOBILISATION_SMS

    def send(self, message):
        payload = {
            "ApiKey": self.config["API_KEY"],
            "SecretKey": self.config["SECRET_KEY"],
            "Phone": message.phone,
            "Content": anyascii(message.text),
            "Brandname": self.config["BRANDNAME"],
            "SmsType": str(self.config.get("SMS_TYPE", "2")),
            "RequestId": message.tracking_id,
        }
        answer = _post_json(self.config["URL"], payload, {})
        if str(answer.get("CodeResult")) != "100":
            raise MessageError(
                f"SMS {answer.get('CodeResult')}: {answer.get('ErrorMessage', '')}".strip()
            )
        return str(answer.get("SMSID", ""))


def get_backend():
    return import_string(settings.MOBILISATION_MESSAGE_BACKEND)()
