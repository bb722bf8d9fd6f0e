"""Public URLs of the disclosure (included from home/urls.py before Wagtail's pages)."""

from django.urls import path

from disclosure import views

urlpatterns = [
    path("ung-ho/<str:slug>/cong-khai/", views.disclosure, name="disclosure_page"),
    path("ung-ho/<str:slug>/cong-khai.json", views.disclosure_json, name="disclosure_json"),
    path("ung-ho/<str:slug>/cong-khai.pdf", views.disclosure_pdf, name="disclosure_pdf"),
    path("ung-ho/<str:slug>/cong-khai.csv", views.disclosure_csv, name="disclosure_csv"),
    path("ung-ho/<str:slug>/dinh-chinh/", views.corrections, name="disclosure_corrections"),
]
