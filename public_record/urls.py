"""The public record's public URLs, mounted at /minh-bach/ by home/urls.py."""

from django.urls import path

from public_record import views

urlpatterns = [
    path("", views.index, name="public_record_index"),
    path("key", views.key, name="public_record_key"),
    path("verify_public_record.py", views.verifier_script, name="public_record_verifier"),
    path("checkpoint", views.checkpoint, name="public_record_checkpoint"),
    path("checkpoint/<int:size>", views.checkpoint_at, name="public_record_checkpoint_at"),
    path("checkpoints", views.checkpoints, name="public_record_checkpoints"),
    path("entries", views.entries, name="public_record_entries"),
    path("proof/inclusion", views.inclusion, name="public_record_inclusion"),
    path("proof/consistency", views.consistency, name="public_record_consistency"),
]
