"""A local stand-in for the VNPay sandbox, so a newcomer can give end to end on a laptop.

Mounted by the site's urls under /_vnpay-sandbox/ only when DEBUG or VNPAY_SIMULATOR_ENABLED,
and it also refuses to answer unless the configured VNPAY_PAYMENT_URL points at it: a simulator
that signs callbacks with a real merchant secret would let anyone "pay" without money.
What it does follows docs/vnpay.md §5: signature check, a page with Pay / Cancel /
insufficient balance, the IPN called before the browser is redirected, IPN retries on a
non-final answer, and querydr/refund answered and signed.
"""
