"""Vietnamese for every msgid of giving/payments and the simulator templates.

They live in giving's catalogue (giving/locale/vi) like giving's other texts; this is the source
to copy from. After `makemessages`, fill the new entries with:

    .venv/bin/python -m giving.payments.translations giving/locale/vi/LC_MESSAGES/django.po

which sets the msgstr of each msgid below that is still empty (needs polib, a test extra), then
run `compilemessages`. tests/giving/test_vnpay_translations.py checks that no msgid is missing here.
"""

import sys

VIETNAMESE = {
    # vnp_ResponseCode (vnpay_codes.RESPONSE_CODES)
    "The payment was successful.": "Giao dịch thanh toán thành công.",
    "The money was debited, but the transaction is suspected of fraud or is unusual.": (
        "Tiền đã bị trừ nhưng giao dịch bị nghi ngờ gian lận hoặc bất thường."
    ),
    "Your card or account is not registered for internet banking at your bank.": (
        "Thẻ hoặc tài khoản của bạn chưa đăng ký dịch vụ Internet Banking tại ngân hàng."
    ),
    "The card or account details were entered wrongly more than 3 times.": (
        "Bạn đã nhập sai thông tin thẻ hoặc tài khoản quá 3 lần."
    ),
    "The payment window has expired. Please make the payment again.": (
        "Đã hết thời gian chờ thanh toán. Xin vui lòng thực hiện lại giao dịch."
    ),
    "Your card or account is locked.": "Thẻ hoặc tài khoản của bạn đang bị khóa.",
    "The one-time password (OTP) was wrong. Please make the payment again.": (
        "Bạn đã nhập sai mật khẩu xác thực giao dịch (OTP). Xin vui lòng thực hiện lại giao dịch."
    ),
    "You cancelled the payment.": "Bạn đã hủy giao dịch.",
    "Your account does not have enough balance for this payment.": (
        "Tài khoản của bạn không đủ số dư để thực hiện giao dịch."
    ),
    "Your account has exceeded its daily transaction limit.": (
        "Tài khoản của bạn đã vượt quá hạn mức giao dịch trong ngày."
    ),
    "Your bank is under maintenance. Please try again later.": (
        "Ngân hàng thanh toán đang bảo trì. Xin vui lòng thử lại sau."
    ),
    "The payment password was entered wrongly too many times. Please pay again.": (
        "Bạn đã nhập sai mật khẩu thanh toán quá số lần quy định. "
        "Xin vui lòng thực hiện lại giao dịch."
    ),
    "Another error occurred during the payment.": (
        "Đã có lỗi khác xảy ra trong quá trình thanh toán."
    ),
    # vnp_TransactionStatus (vnpay_codes.TRANSACTION_STATUSES)
    "The transaction succeeded.": "Giao dịch thành công.",
    "The transaction is not completed yet.": "Giao dịch chưa hoàn tất.",
    "The transaction failed.": "Giao dịch bị lỗi.",
    "Reversed: the bank debited the money but the payment did not succeed at VNPay.": (
        "Giao dịch đảo: ngân hàng đã trừ tiền nhưng giao dịch chưa thành công tại VNPay."
    ),
    "VNPay is processing the refund.": "VNPay đang xử lý giao dịch hoàn tiền.",
    "VNPay has sent the refund request to the bank.": (
        "VNPay đã gửi yêu cầu hoàn tiền sang ngân hàng."
    ),
    "The transaction is suspected of fraud.": "Giao dịch bị nghi ngờ gian lận.",
    "The refund was rejected.": "Giao dịch hoàn tiền bị từ chối.",
    # querydr/refund vnp_ResponseCode (vnpay_codes.API_RESPONSE_CODES)
    "VNPay accepted the request.": "VNPay đã tiếp nhận yêu cầu.",
    "VNPay refused the merchant code, or the refund is more than was paid.": (
        "VNPay không chấp nhận mã đơn vị, hoặc số tiền hoàn lớn hơn số tiền đã thanh toán."
    ),
    "VNPay says the request is badly formed.": "VNPay báo yêu cầu sai định dạng.",
    "VNPay cannot find this transaction.": "VNPay không tìm thấy giao dịch này.",
    "The same request was already sent in the last 5 minutes.": (
        "Yêu cầu này đã được gửi trong vòng 5 phút trước."
    ),
    "The checksum of the request is wrong.": "Chữ ký (checksum) của yêu cầu không đúng.",
    "VNPay reported another error.": "VNPay báo có lỗi khác.",
    "VNPay answered with an unknown code: %(code)s.": ("VNPay trả về mã không xác định: %(code)s."),
    # simulator (gateway.py, views.py and the simulator's templates)
    "The payment request is missing fields or has invalid ones.": (
        "Yêu cầu thanh toán thiếu thông tin hoặc có thông tin không hợp lệ."
    ),
    "The payment request has an invalid signature.": ("Yêu cầu thanh toán có chữ ký không hợp lệ."),
    "The merchant code is not known to the payment gateway.": (
        "Mã đơn vị (TmnCode) không được cổng thanh toán ghi nhận."
    ),
    "This transaction reference has already been used.": "Mã giao dịch này đã được sử dụng.",
    "Please choose one of the buttons.": "Vui lòng chọn một trong các nút bên dưới.",
    "VNPay payment simulator": "Cổng thanh toán VNPay (mô phỏng)",
    "This is a local stand-in for the VNPay sandbox. No real money moves.": (
        "Đây là trình mô phỏng cổng thanh toán VNPay chạy trên máy này. "
        "Không có tiền thật nào được chuyển."
    ),
    "Merchant": "Đơn vị nhận",
    "Transaction reference": "Mã giao dịch",
    "Payment details": "Nội dung thanh toán",
    "Amount": "Số tiền",
    "Choose how this payment ends:": "Chọn kết quả của giao dịch:",
    "Pay": "Thanh toán",
    "Cancel the payment": "Hủy giao dịch",
    "Insufficient balance": "Không đủ số dư",
    "The payment cannot continue": "Không thể tiếp tục thanh toán",
    "Please go back to the site and start the donation again.": (
        "Vui lòng quay lại trang web và thực hiện lại việc ủng hộ."
    ),
}


def fill_po(path):
    """Set the Vietnamese of every empty msgstr this module knows; return how many were set."""
    import polib

    catalogue = polib.pofile(path)
    filled = 0
    for entry in catalogue:
        if entry.msgid in VIETNAMESE and (not entry.msgstr or entry.fuzzy):
            entry.msgstr = VIETNAMESE[entry.msgid]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
            filled += 1
    catalogue.save()
    return filled


if __name__ == "__main__":
    for po_path in sys.argv[1:]:
        print(f"{po_path}: {fill_po(po_path)} entries filled")  # noqa: T201
