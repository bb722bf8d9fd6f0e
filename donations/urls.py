"""Public URLs of the ledger (included from home/urls.py before Wagtail's pages)."""

from django.urls import path

from donations.views import public

urlpatterns = [
    path("ung-ho/kiem-tra/", public.check_gift, name="donations_check_gift"),
    path("ung-ho/<str:slug>/sao-ke/", public.statement, name="donations_statement"),
    path("ung-ho/<str:slug>/sao-ke.csv", public.statement_csv, name="donations_statement_csv"),
    path("ung-ho/<str:slug>/vinh-danh/", public.honour, name="donations_honour_roll"),
]
