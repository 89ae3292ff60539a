#!/usr/bin/env bash
# A nightly dump of FollowUp's PostgreSQL database with rotation, for cron or a systemd timer:
#   15 3 * * * followup /usr/local/bin/backup-postgres.sh
# pg_dump reads one consistent snapshot while the instances keep serving.
set -euo pipefail
: "${FOLLOWUP_DATABASE_URL:?set FOLLOWUP_DATABASE_URL (as in /etc/followup-postgres.env)}"
directory=${FOLLOWUP_BACKUP_DIR:-/var/backups/followup}
keep=${FOLLOWUP_BACKUP_KEEP:-14}
mkdir -p "$directory"
file="$directory/followup-$(date -u +%Y-%m-%d-%H%M%S).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$FOLLOWUP_DATABASE_URL"
mv "$file.partial" "$file"
ls -1t "$directory"/followup-*.dump | tail -n +$((keep + 1)) | xargs -r rm --
echo "backed up to $file"
