import FollowUpCore
import FollowUpWire
public import Foundation
import GRDB
import SQLiteBinding

/// The embedded default store: accounts, tokens, caseloads, the change fates and the merged state
/// of every entity, in one SQLite file per data directory (WAL mode, so pulls read a consistent
/// snapshot while a push writes).
///
/// Every sync event takes the next number from one server-wide sequence inside the write
/// transaction that records it. SQLite commits one writer at a time, so sequence order is commit
/// order, and a reader's snapshot always holds a gap-free prefix of the sequence: that is what lets
/// a pull cursor never skip a change.
public final class SQLiteStore: ServerStore {
    let pool: DatabasePool
    /// A random id made when the data directory is first used; cursors carry it.
    public let serverID: UUID
    /// A random id of this data set's line of history: a backup's copy gets a new one, and so does
    /// a restore, so a client whose cursor names another epoch knows the server may have lost
    /// changes it acknowledged (SPEC §6.2). Read when the database opens.
    public let epoch: UUID

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            // Checkpoint after 40 MB of WAL instead of SQLite's 4 MB: pushes insert into random
            // places of the change-id and entity-id trees, so consecutive pushes dirty the same
            // leaves, and a rarer checkpoint copies each of them once instead of every few pushes
            // (W1: 0.77–0.86 s with the default, 0.64–0.70 s with this).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            (serverID, epoch) = try pool.write { db in (try Self.loadOrCreateServerID(db), try Self.loadOrCreateEpoch(db)) }
        } catch let error as DatabaseError {
            throw StorageError.cannotOpen(path: path, reason: error.message ?? error.description)
        }
    }

    /// Copies the live database to `destination` (a new SQLite file) without stopping writers.
    ///
    /// The copy gets an epoch of its own: whenever it is put back in service, however it is copied
    /// there, its clients see that the data went back in time and send again what it lacks.
    public func backup(to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StorageError.backupExists(path: destination)
        }
        let target = try DatabaseQueue(path: destination)
        try pool.backup(to: target)
        try target.write { db in try Self.startEpoch(db) }
        try target.close()
    }

    /// Gives the database at `path` (not in use by a server) a new epoch, as after a restore.
    /// Returns the new epoch.
    @discardableResult
    public static func startNewEpoch(at path: String) throws -> UUID {
        do {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.write { db in try startEpoch(db) }
        } catch let error as DatabaseError {
            throw StorageError.cannotOpen(path: path, reason: error.message ?? error.description)
        }
    }

    @discardableResult
    private static func startEpoch(_ db: Database) throws -> UUID {
        let epoch = UUID()
        try db.execute(sql: "INSERT OR REPLACE INTO server_meta (key, value) VALUES ('epoch', ?)", arguments: [epoch.lowercased])
        return epoch
    }

    private static func loadOrCreateEpoch(_ db: Database) throws -> UUID {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = 'epoch'") else {
            return try startEpoch(db)
        }
        return try UUID.stored(text, in: "server_meta.epoch")
    }

    public func close() throws {
        try pool.close()
    }

    private static func loadOrCreateServerID(_ db: Database) throws -> UUID {
        if let text = try String.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = 'server_id'"), let id = UUID(uuidString: text) {
            return id
        }
        let id = UUID()
        try db.execute(sql: "INSERT INTO server_meta (key, value) VALUES ('server_id', ?)", arguments: [id.lowercased])
        return id
    }

    /// The schema, one migration per release; a released migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
                    CREATE TABLE sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL) STRICT;
                    INSERT INTO sequence (id, value) VALUES (1, 0);

                    CREATE TABLE accounts (
                        id TEXT PRIMARY KEY,
                        username TEXT NOT NULL UNIQUE,
                        display_name TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'counselor', 'seeker')),
                        password_hash TEXT NOT NULL,
                        disabled INTEGER NOT NULL DEFAULT 0,
                        created_at REAL NOT NULL,
                        seq INTEGER NOT NULL
                    ) STRICT;

                    CREATE TABLE tokens (
                        id TEXT PRIMARY KEY,
                        account_id TEXT NOT NULL REFERENCES accounts(id),
                        device TEXT NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at REAL NOT NULL,
                        last_used_at REAL,
                        expires_at REAL NOT NULL,
                        revoked_at REAL
                    ) STRICT;
                    CREATE INDEX tokens_account ON tokens(account_id);

                    -- Who may see and write whose records: a seeker holds one grant on themself, a
                    -- counselor one per assigned seeker. An ended grant keeps its row (until_seq set)
                    -- so that a pull can tell the counselor's client to drop those records.
                    CREATE TABLE grants (
                        viewer_id TEXT NOT NULL REFERENCES accounts(id),
                        owner_id TEXT NOT NULL REFERENCES accounts(id),
                        since_seq INTEGER NOT NULL,
                        until_seq INTEGER,
                        PRIMARY KEY (viewer_id, owner_id, since_seq)
                    ) STRICT;
                    CREATE UNIQUE INDEX grants_active ON grants(viewer_id, owner_id) WHERE until_seq IS NULL;
                    CREATE INDEX grants_owner ON grants(owner_id);

                    -- The merged state of every entity, as the wire form of EntityState.
                    CREATE TABLE entities (
                        id TEXT PRIMARY KEY,
                        owner_id TEXT NOT NULL REFERENCES accounts(id),
                        type TEXT NOT NULL,
                        last_seq INTEGER NOT NULL,
                        state BLOB NOT NULL
                    ) STRICT;
                    CREATE INDEX entities_owner_seq ON entities(owner_id, last_seq);

                    -- The fate of every change id ever pushed: what makes a retried push a no-op.
                    CREATE TABLE change_log (
                        change_id TEXT PRIMARY KEY,
                        seq INTEGER,
                        entity_id TEXT NOT NULL,
                        account_id TEXT NOT NULL,
                        code TEXT,
                        message TEXT,
                        field TEXT,
                        received_at REAL NOT NULL
                    ) STRICT, WITHOUT ROWID;

                    -- Which account and device each replica id belongs to, for history.
                    CREATE TABLE replicas (
                        replica TEXT PRIMARY KEY,
                        account_id TEXT NOT NULL REFERENCES accounts(id),
                        device TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        first_seen REAL NOT NULL
                    ) STRICT;
                    CREATE INDEX replicas_account ON replicas(account_id);

                    CREATE TABLE login_failures (
                        username TEXT PRIMARY KEY,
                        failures INTEGER NOT NULL,
                        blocked_until REAL NOT NULL
                    ) STRICT;
                    """
            )
        }
        migrator.registerMigration("v2-compact-change-log") { db in
            try compactChangeLog(db)
        }
        // Each fate keeps the change's content digest (``Change/contentDigest``), so that a retry
        // is told from a change id reused for other content. Fates recorded before have none and
        // answer every retry as before.
        migrator.registerMigration("v3-change-digests") { db in
            try db.execute(sql: "ALTER TABLE change_fates ADD COLUMN digest INTEGER")
        }
        // The replica id a login was made for (16 hex digits): changes pushed with that token must
        // carry it. Tokens from before have none, and are held to their account's replicas only.
        migrator.registerMigration("v4-token-replicas") { db in
            try db.execute(sql: "ALTER TABLE tokens ADD COLUMN replica TEXT")
        }
        // The day (since 1970-01-01) each fate was recorded, so fates past the retention can be
        // pruned; fates recorded before count from the day of this migration.
        migrator.registerMigration("v5-fate-days") { db in
            try db.execute(sql: "ALTER TABLE change_fates ADD COLUMN recorded_day INTEGER")
            try db.execute(sql: "UPDATE change_fates SET recorded_day = CAST(julianday('now') - 2440587.5 AS INTEGER)")
        }
        // When each change a record still shows arrived (see ``Arrivals``), so that a pull can send
        // a client only what is new to it. Records written before have none until their next push.
        migrator.registerMigration("v6-arrivals") { db in
            try db.execute(sql: "ALTER TABLE entities ADD COLUMN arrivals BLOB")
        }
        // Each account's secret calendar feed: the SHA-256 of its token (the URL is the secret),
        // one per account; revoking deletes the row.
        migrator.registerMigration("v7-calendar-feeds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE calendar_feeds (
                        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at REAL NOT NULL
                    ) STRICT
                    """
            )
        }
        // When each count of failed logins last grew: counts quiet for longer than
        // ``AccountService/forgetFailuresAfter`` start again from zero and their rows are pruned.
        migrator.registerMigration("v8-login-failure-times") { db in
            try db.execute(sql: "ALTER TABLE login_failures ADD COLUMN last_failure REAL NOT NULL DEFAULT 0")
            try db.execute(sql: "CREATE INDEX login_failures_last ON login_failures(last_failure)")
        }
        return migrator
    }

    /// The change log keeps only what answers a retry — each change id's fate — keyed by the id's
    /// 16 bytes instead of its 36 characters (entity, account and time were written but never read).
    ///
    /// Change ids are random, so every push inserts into leaves all over this tree, and every leaf
    /// it touches is written again to the WAL and at the next checkpoint: smaller rows touch fewer
    /// leaves (callgrind, W1: 14,000 → 8,700 instructions to record a change's fate).
    private static func compactChangeLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE change_fates (
                    change_id BLOB PRIMARY KEY,  -- the change's UUID, 16 bytes
                    seq INTEGER,                 -- accepted: the sequence number it got
                    code TEXT,                   -- rejected: why, as the push answered
                    message TEXT,
                    field TEXT
                ) STRICT, WITHOUT ROWID;
                """
        )
        var insert = try BoundStatement("INSERT OR IGNORE INTO change_fates (change_id, seq, code, message, field) VALUES (?, ?, ?, ?, ?)", in: db)
        let rows = try Row.fetchCursor(db, sql: "SELECT change_id, seq, code, message, field FROM change_log")
        while let row = try rows.next() {
            let text: String = row[0]
            guard let id = UUID(text: text) else { throw StorageError.corrupt("change_log.change_id \"\(text.prefix(64))\" is not a UUID") }
            insert.bind(id)
            insert.bind(row[1] as Int64?)
            insert.bind(row[2] as String?)
            insert.bind(row[3] as String?)
            insert.bind(row[4] as String?)
            try insert.execute()
        }
        try db.execute(sql: "DROP TABLE change_log")
    }
}

extension Database {
    /// Takes the next `count` numbers of the server-wide sequence; returns the first.
    func nextSequence(_ count: Int64 = 1) throws -> Int64 {
        try cachedStatement(sql: "UPDATE sequence SET value = value + ? WHERE id = 1").execute(arguments: [count])
        return try currentSequence() - count + 1
    }

    /// The highest sequence number in this transaction's snapshot.
    func currentSequence() throws -> Int64 {
        guard let value = try Int64.fetchOne(cachedStatement(sql: "SELECT value FROM sequence WHERE id = 1")) else {
            throw StorageError.corrupt("the sequence row is missing")
        }
        return value
    }
}

extension UUID {
    /// The UUID a column holds as text; anything else is a damaged row, reported as such.
    static func stored(_ text: String, in column: String) throws(StorageError) -> UUID {
        guard let id = UUID(text: text) else { throw .corrupt("\(column) holds \"\(text.prefix(40))\", not a UUID") }
        return id
    }
}

/// A list of strings as a JSON array, to pass many values as one parameter:
/// `WHERE id IN (SELECT value FROM json_each(?))` keeps one cached statement for any list length.
func jsonList(_ values: [String]) -> String {
    var writer = JSONWriter(capacity: values.reduce(2) { $0 + $1.utf8.count + 3 })
    writer.byte(UInt8(ascii: "["))
    for (index, value) in values.enumerated() {
        if index > 0 { writer.byte(UInt8(ascii: ",")) }
        writer.string(value)
    }
    writer.byte(UInt8(ascii: "]"))
    return String(decoding: writer.bytes, as: UTF8.self)
}

extension SQLiteStore {
    /// A trivial read, for health checks.
    func ping() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
