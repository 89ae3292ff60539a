#!/bin/sh
# Nightly online backup of the FollowUp database, keeping the last 14 copies.
# Run as the service user, e.g. from /etc/cron.d/followup:
#   15 3 * * * followup /usr/local/lib/followup/backup.sh
set -eu
DATA="${FOLLOWUP_DATA:-/var/lib/followup}"
DEST="${FOLLOWUP_BACKUPS:-/var/backups/followup}"
KEEP="${FOLLOWUP_BACKUP_KEEP:-14}"

mkdir -p "$DEST"
file="$DEST/followup-$(date +%Y-%m-%d-%H%M%S).sqlite"
followup-server backup --data "$DATA" --to "$file"
ls -1t "$DEST"/followup-*.sqlite | tail -n +"$((KEEP + 1))" | xargs -r rm --
