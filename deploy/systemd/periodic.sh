#!/bin/sh
# The periodic commands of deploy/systemd/chungtay-periodic@.service, with their arguments.
set -eu
cd "$(dirname "$0")/../.."
case "$1" in
    publish_scheduled) exec .venv/bin/python manage.py publish_scheduled ;;
    settle_vnpay) exec .venv/bin/python manage.py settle_vnpay ;;
    send_receipt_emails) exec .venv/bin/python manage.py send_receipt_emails ;;
    send_pledge_reminders) exec .venv/bin/python manage.py send_pledge_reminders ;;
    verify_ledger) exec .venv/bin/python manage.py verify_ledger ;;
    # Every public money line is published (disclosure) before the day's checkpoint covers it.
    sign_checkpoint) .venv/bin/python manage.py publish_public_record && exec .venv/bin/python manage.py sign_checkpoint ;;
    check_public_record) exec .venv/bin/python manage.py check_public_record ;;
    prune_db_task_results) exec .venv/bin/python manage.py prune_db_task_results --queue-name='*' --min-age-days 30 ;;
    *) echo "unknown periodic command: $1" >&2; exit 2 ;;
esac
