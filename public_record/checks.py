"""System check: a server that is not a laptop needs a configured signing key, or the public
record would never get a checkpoint (keys.py makes one by itself only for DEBUG or SQLite)."""

from django.core.checks import Error, Tags, register

from public_record import keys


@register(Tags.security)
def signing_key_is_configured(app_configs=None, **kwargs):
    if keys.configured():
        errors = []
        try:
            keys.signing_key()
        except (OSError, ValueError) as error:
            errors.append(
                Error(
                    f"The public record's signing key cannot be read: {error}",
                    hint="PUBLIC_RECORD_SIGNING_KEY(_FILE): a PEM Ed25519 key or a base64 seed.",
                    id="public_record.E002",
                )
            )
        return errors
    if keys.may_make_demo_key():
        return []
    return [
        Error(
            "No signing key for the public record: checkpoints cannot be signed.",
            hint=(
                "Set PUBLIC_RECORD_SIGNING_KEY_FILE to a file made by "
                "`openssl genpkey -algorithm ed25519` (keep it secret and backed up)."
            ),
            id="public_record.E001",
        )
    ]
