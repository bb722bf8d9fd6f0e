#!/bin/sh
# Nightly PostgreSQL dump with retention (deploy/README.md, "Backups and restore").
#   BACKUP_DIR=/srv/backups/chungtay KEEP_DAILY=14 KEEP_WEEKLY=8 deploy/backup.sh
# Reads DATABASE_URL from /etc/chungtay/chungtay.env (or the environment). Writes a custom-format
# dump (compressed, restorable table by table), checks that pg_restore can read it, keeps it as
# daily/chungtay-YYYY-MM-DD.dump (and weekly/ on Sundays), and removes dumps past retention.
set -eu
if [ -r /etc/chungtay/chungtay.env ]; then
    set -a
    . /etc/chungtay/chungtay.env
    set +a
fi
: "${DATABASE_URL:?DATABASE_URL is not set}"
BACKUP_DIR=${BACKUP_DIR:-/srv/backups/chungtay}
KEEP_DAILY=${KEEP_DAILY:-14}
KEEP_WEEKLY=${KEEP_WEEKLY:-8}
stamp=$(date +%F)
mkdir -p "$BACKUP_DIR/daily" "$BACKUP_DIR/weekly"
partial="$BACKUP_DIR/daily/.chungtay-$stamp.dump.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-owner --file="$partial" "$DATABASE_URL"
pg_restore --list "$partial" >/dev/null   # an unreadable dump fails here, not on restore day
mv "$partial" "$BACKUP_DIR/daily/chungtay-$stamp.dump"
if [ "$(date +%u)" = 7 ]; then
    cp "$BACKUP_DIR/daily/chungtay-$stamp.dump" "$BACKUP_DIR/weekly/"
fi
find "$BACKUP_DIR/daily" -name 'chungtay-*.dump' -mtime +"$KEEP_DAILY" -delete
find "$BACKUP_DIR/weekly" -name 'chungtay-*.dump' -mtime +"$((KEEP_WEEKLY * 7))" -delete
echo "backup: $BACKUP_DIR/daily/chungtay-$stamp.dump ($(du -h "$BACKUP_DIR/daily/chungtay-$stamp.dump" | cut -f1))"
