"""The public page behind a reminder's "no more reminders" link. The link carries the donor's
id signed with the site's secret; a GET shows what the button will do (mail scanners follow
links), the POST does it. Nothing about the donor is shown but that the link is valid."""

from django.shortcuts import render
from django.views import View

from mobilisation.services.reminders import donor_from_token, opt_out

TEMPLATE = "mobilisation/public/opt_out.html"


class OptOutView(View):
    def get(self, request, token):
        donor = donor_from_token(token)
        status = 200 if donor else 404
        return render(request, TEMPLATE, {"valid": donor is not None, "done": False}, status=status)

    def post(self, request, token):
        donor = donor_from_token(token)
        if donor is None:
            return render(request, TEMPLATE, {"valid": False, "done": False}, status=404)
        opt_out(donor)
        return render(request, TEMPLATE, {"valid": True, "done": True})
