import GRDB

/// The replica's tables, one migration per release; a released migration is never edited.
///
/// `entities` holds each entity's whole conflict-free state (the truth); the other record tables
/// are projections of it, rebuilt whenever an entity changes, so that listings read plain columns
/// instead of decoding thousands of states.
enum ReplicaSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

                    CREATE TABLE entities (
                        id TEXT PRIMARY KEY,
                        type TEXT NOT NULL,
                        owner_id TEXT NOT NULL,
                        deleted INTEGER NOT NULL,
                        last_changed_ms INTEGER NOT NULL,
                        state BLOB NOT NULL
                    ) STRICT;
                    CREATE INDEX entities_owner ON entities(owner_id, last_changed_ms);
                    CREATE INDEX entities_type ON entities(type, deleted);

                    -- Local changes not yet acknowledged by the server, oldest first.
                    CREATE TABLE outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        change_id TEXT NOT NULL UNIQUE,
                        entity_id TEXT NOT NULL,
                        change BLOB NOT NULL
                    ) STRICT;

                    -- Changes the server refused, set aside so they never block the rest.
                    CREATE TABLE rejected (
                        change_id TEXT PRIMARY KEY,
                        entity_id TEXT NOT NULL,
                        change BLOB NOT NULL,
                        code TEXT NOT NULL,
                        message TEXT NOT NULL,
                        field TEXT,
                        rejected_at TEXT NOT NULL
                    ) STRICT;

                    -- Values replaced by a concurrent edit, noticed while merging what a sync brought.
                    CREATE TABLE conflicts (
                        entity_id TEXT NOT NULL,
                        field TEXT NOT NULL,
                        lost_at TEXT NOT NULL,
                        lost_value TEXT NOT NULL,
                        winner_at TEXT NOT NULL,
                        winner_value TEXT NOT NULL,
                        noticed_at TEXT NOT NULL,
                        PRIMARY KEY (entity_id, field, lost_at)
                    ) STRICT;

                    CREATE TABLE people (
                        id TEXT PRIMARY KEY, username TEXT NOT NULL, display_name TEXT NOT NULL, role TEXT NOT NULL, disabled INTEGER NOT NULL
                    ) STRICT;
                    CREATE TABLE replicas (replica TEXT PRIMARY KEY, account_id TEXT NOT NULL, device TEXT NOT NULL) STRICT;

                    -- open_follow_ups is kept up to date as follow-ups change, so a listing reads one table.
                    CREATE TABLE interviews (
                        id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, company TEXT, position TEXT, date TEXT, time TEXT, time_zone TEXT,
                        format TEXT, location TEXT, decision_date TEXT, status TEXT, deleted INTEGER NOT NULL,
                        open_follow_ups INTEGER NOT NULL DEFAULT 0
                    ) STRICT;
                    CREATE INDEX interviews_owner_date ON interviews(owner_id, date);
                    CREATE INDEX interviews_listing ON interviews(date DESC, time DESC, company);

                    CREATE TABLE interviewers (
                        id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, name TEXT, title TEXT, email TEXT, phone TEXT, address TEXT,
                        deleted INTEGER NOT NULL
                    ) STRICT;

                    CREATE TABLE interview_interviewers (
                        interview_id TEXT NOT NULL, interviewer_id TEXT NOT NULL, position INTEGER NOT NULL,
                        PRIMARY KEY (interview_id, interviewer_id)
                    ) STRICT;

                    CREATE TABLE notes (
                        id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, interview_id TEXT, kind TEXT, text TEXT, addition TEXT,
                        interviewer_id TEXT, deleted INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX notes_interview ON notes(interview_id);

                    -- The interview's company and position, whether it is deleted, and the recipient's name are
                    -- copied here (and kept in step) so that a to-do listing reads one table.
                    CREATE TABLE follow_ups (
                        id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, interview_id TEXT, kind TEXT, channel TEXT, recipient_id TEXT,
                        earliest TEXT, latest TEXT, status TEXT, snoozed_until TEXT, done_at TEXT, outcome TEXT, reason TEXT,
                        attempts INTEGER NOT NULL, deleted INTEGER NOT NULL, is_open INTEGER NOT NULL,
                        company TEXT, position TEXT, interview_deleted INTEGER NOT NULL DEFAULT 0, recipient_name TEXT
                    ) STRICT;
                    CREATE INDEX follow_ups_open ON follow_ups(is_open, latest);
                    CREATE INDEX follow_ups_interview ON follow_ups(interview_id);
                    CREATE INDEX follow_ups_recipient ON follow_ups(recipient_id);
                    CREATE INDEX follow_ups_owner ON follow_ups(owner_id, is_open);
                    """
            )
        }
        // Lighter indexes: a first sync writes every record's rows at once, and each index entry is
        // another B-tree insert. Nothing looks records up by type; due listings read open
        // follow-ups only, and most follow-ups name no recipient.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    DROP INDEX entities_type;
                    DROP INDEX follow_ups_open;
                    CREATE INDEX follow_ups_open ON follow_ups(latest) WHERE is_open = 1;
                    DROP INDEX follow_ups_recipient;
                    CREATE INDEX follow_ups_recipient ON follow_ups(recipient_id) WHERE recipient_id IS NOT NULL;
                    """
            )
        }
        return migrator
    }
}
