"""The Fund's VietQR for a pledge: one code per active account of the pledge's fund, for the
amount still outstanding, with the pledge's payment code as the transfer memo.

None for a pledge in kind, cancelled or paid in full: there is nothing to transfer. The
confirmation draws the SVG inline (the page and its PDF); the reminder e-mail attaches the PNG
by Content-ID, since mail programs drop inline SVG and data: URIs.
"""

import dataclasses

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sitewide import vietqr


@dataclasses.dataclass
class PledgeQR:
    account: object
    amount: int
    memo: str
    payload: str

    @property
    def content_id(self):
        return f"vietqr-{self.account.pk}@chungtay"

    def svg(self):
        """The inline SVG markup (our own drawing of our own payload: safe to insert)."""
        title = _("VietQR code: transfer %(code)s") % {"code": self.memo}
        return mark_safe(vietqr.render_svg(self.payload, title=title))  # noqa: S308

    def png(self):
        return vietqr.render_png(self.payload)


def pledge_qr_codes(pledge, bank_accounts):
    """[PledgeQR] for the accounts given (the Fund's active ones), or [] with nothing to pay."""
    amount = pledge.outstanding_amount
    if pledge.in_kind or pledge.is_cancelled or amount <= 0:
        return []
    codes = []
    for account in bank_accounts:
        try:
            payload = vietqr.build_payload(
                account.bank_bin, account.account_number, amount, pledge.code
            )
        except vietqr.VietQRError:
            continue
        codes.append(PledgeQR(account, amount, pledge.code, payload))
    return codes
