"""What VNPay's result codes mean, in sentences a donor or Front staff member can read.

English msgids (Vietnamese in giving's catalogue; the source sentences are in
giving/payments/translations.py). Every code of docs/vnpay.md §4 is here; an unknown
code still gets a sentence that names it, so a new code from VNPay never shows a blank page.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

RESPONSE_CODES = {
    "00": _("The payment was successful."),
    "07": _("The money was debited, but the transaction is suspected of fraud or is unusual."),
    "09": _("Your card or account is not registered for internet banking at your bank."),
    "10": _("The card or account details were entered wrongly more than 3 times."),
    "11": _("The payment window has expired. Please make the payment again."),
    "12": _("Your card or account is locked."),
    "13": _("The one-time password (OTP) was wrong. Please make the payment again."),
    "24": _("You cancelled the payment."),
    "51": _("Your account does not have enough balance for this payment."),
    "65": _("Your account has exceeded its daily transaction limit."),
    "75": _("Your bank is under maintenance. Please try again later."),
    "79": _("The payment password was entered wrongly too many times. Please pay again."),
    "99": _("Another error occurred during the payment."),
}

TRANSACTION_STATUSES = {
    "00": _("The transaction succeeded."),
    "01": _("The transaction is not completed yet."),
    "02": _("The transaction failed."),
    "04": _("Reversed: the bank debited the money but the payment did not succeed at VNPay."),
    "05": _("VNPay is processing the refund."),
    "06": _("VNPay has sent the refund request to the bank."),
    "07": _("The transaction is suspected of fraud."),
    "09": _("The refund was rejected."),
}

# Answers of the querydr and refund API (§3), read by Front staff.
API_RESPONSE_CODES = {
    "00": _("VNPay accepted the request."),
    "02": _("VNPay refused the merchant code, or the refund is more than was paid."),
    "03": _("VNPay says the request is badly formed."),
    "91": _("VNPay cannot find this transaction."),
    "94": _("The same request was already sent in the last 5 minutes."),
    "97": _("The checksum of the request is wrong."),
    "99": _("VNPay reported another error."),
}

UNKNOWN_CODE = _("VNPay answered with an unknown code: %(code)s.")


def _lookup(table, code):
    message = table.get(code)
    if message is None:
        return gettext(UNKNOWN_CODE) % {"code": code or "—"}
    return str(message)


def response_message(code):
    """The sentence to show a donor for a vnp_ResponseCode."""
    return _lookup(RESPONSE_CODES, code)


def transaction_status_message(code):
    """The sentence for a vnp_TransactionStatus (payment and refund states)."""
    return _lookup(TRANSACTION_STATUSES, code)


def api_response_message(code):
    """The sentence for a querydr/refund vnp_ResponseCode, for staff screens and logs."""
    return _lookup(API_RESPONSE_CODES, code)
