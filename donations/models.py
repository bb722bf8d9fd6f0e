from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

bin_validator = RegexValidator(r"^\d{6}$", _("A bank BIN is exactly 6 digits."))
account_number_validator = RegexValidator(
    r"^[0-9A-Za-z]{4,19}$", _("An account number is 4 to 19 letters or digits.")
)


class BankAccount(models.Model):
    """An account of the Fund for the Poor that donors transfer to (shown with a VietQR code)."""

    bank_name = models.CharField(_("bank"), max_length=120)
    bank_bin = models.CharField(_("bank BIN"), max_length=6, validators=[bin_validator])
    account_number = models.CharField(
        _("account number"), max_length=19, validators=[account_number_validator]
    )
    holder = models.CharField(_("account holder"), max_length=200)
    branch = models.CharField(_("branch"), max_length=120, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["bank_bin", "account_number"], name="bank_account_unique_per_bank"
            )
        ]

    def __str__(self):
        return f"{self.bank_name} {self.account_number}"
