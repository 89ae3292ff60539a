public import Foundation
import GRDB
public import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

/// Moves a data directory's SQLite database into an empty PostgreSQL database, so that an install
/// that outgrew one machine keeps its accounts, devices, caseloads, records and change fates — and
/// its clients keep syncing from their cursors: the data set's id, epoch and sequence position move
/// too, so a cursor issued by the SQLite server is valid on the PostgreSQL one.
///
/// Everything is copied in one PostgreSQL transaction: a failure leaves the target as empty as it
/// was. The source is only read.
public enum DataMigration {
    /// How many rows of each table were copied.
    public struct Summary: Sendable, CustomStringConvertible {
        public var rows: [(table: String, count: Int)] = []

        public var description: String {
            rows.map { "\($0.count) \($0.table)" }.joined(separator: ", ")
        }
    }

    /// Rows read from SQLite and written to PostgreSQL at a time.
    static let batchSize = 2_000

    public static func copy(fromSQLite path: String, to settings: PostgresSettings, logger: Logger) async throws -> Summary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StorageError.cannotOpen(path: path, reason: "there is no database there")
        }
        let source = try SQLiteStore(path: path)
        defer { try? source.close() }
        let target = try await PostgresStore.open(settings, logger: logger)
        do {
            let summary = try await target.transaction { connection in
                try await Copy(source: source, connection: connection, logger: logger).run()
            }
            try await target.close()
            return summary
        } catch {
            try? await target.close()
            throw error
        }
    }
}

/// One migration, inside the target's transaction.
private struct Copy {
    let source: SQLiteStore
    let connection: PostgresConnection
    let logger: Logger

    func run() async throws -> DataMigration.Summary {
        let sequence = try await connection.lockSequence(logger: logger)
        var accounts = 0
        for try await count in try await connection.query("SELECT count(*) FROM accounts", logger: logger).decode(Int64.self) {
            accounts = Int(count)
        }
        guard sequence == 0, accounts == 0 else {
            throw StorageError.alreadyExists("the target database already holds FollowUp data; migrate into a new, empty database")
        }
        var summary = DataMigration.Summary()
        summary.rows.append(("accounts", try await copyAccounts()))
        summary.rows.append(("devices", try await copyTokens()))
        summary.rows.append(("grants", try await copyGrants()))
        summary.rows.append(("replicas", try await copyReplicas()))
        summary.rows.append(("records", try await copyEntities()))
        summary.rows.append(("change fates", try await copyFates()))
        summary.rows.append(("calendar feeds", try await copyCalendarFeeds()))
        // The data set's identity and position last: cursors the clients hold stay valid.
        let (serverID, epoch, high) = try await source.pool.read { db in
            (
                try String.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = 'server_id'"),
                try String.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = 'epoch'"),
                try db.currentSequence()
            )
        }
        guard let serverID, let epoch else { throw StorageError.corrupt("the SQLite database has no server id or epoch") }
        try await connection.query("UPDATE server_meta SET value = \(serverID) WHERE key = 'server_id'", logger: logger)
        try await connection.query("UPDATE server_meta SET value = \(epoch) WHERE key = 'epoch'", logger: logger)
        try await connection.query("UPDATE sequence SET value = \(high) WHERE id = 1", logger: logger)
        return summary
    }

    /// Reads `sql` (ordered by its first column, which `after` continues from) in batches and hands
    /// each batch to `write`; returns how many rows there were.
    private func batches(_ sql: String, write: ([Row]) async throws -> Void) async throws -> Int {
        var total = 0
        var after: DatabaseValue = .null
        while true {
            let start = after
            let rows = try await source.pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM (\(sql)) WHERE ?1 IS NULL OR key > ?1 ORDER BY key LIMIT ?2",
                    arguments: [start, DataMigration.batchSize]
                )
            }
            guard let last = rows.last else { return total }
            try await write(rows)
            total += rows.count
            after = last["key"]
        }
    }

    private func uuid(_ row: Row, _ column: String) throws -> UUID {
        try UUID.stored(row[column], in: column)
    }

    private func copyAccounts() async throws -> Int {
        try await batches("SELECT id AS key, * FROM accounts") { rows in
            let ids = try rows.map { try uuid($0, "id") }
            try await connection.query(
                """
                INSERT INTO accounts (id, username, display_name, role, password_hash, disabled, created_at, seq)
                SELECT * FROM unnest(\(ids), \(rows.map { $0["username"] as String }), \(rows.map { $0["display_name"] as String }),
                                     \(rows.map { $0["role"] as String }), \(rows.map { $0["password_hash"] as String }),
                                     \(rows.map { $0["disabled"] as Bool }), \(rows.map { $0["created_at"] as Double }), \(rows.map { $0["seq"] as Int64 }))
                """,
                logger: logger
            )
        }
    }

    private func copyTokens() async throws -> Int {
        try await batches("SELECT id AS key, * FROM tokens") { rows in
            try await connection.query(
                """
                INSERT INTO tokens (id, account_id, device, token_hash, created_at, last_used_at, expires_at, revoked_at, replica)
                SELECT id, account_id, device, token_hash, created_at, NULLIF(last_used_at, -1), expires_at, NULLIF(revoked_at, -1),
                       NULLIF(replica, '')
                FROM unnest(\(try rows.map { try uuid($0, "id") }), \(try rows.map { try uuid($0, "account_id") }),
                            \(rows.map { $0["device"] as String }), \(rows.map { $0["token_hash"] as String }),
                            \(rows.map { $0["created_at"] as Double }), \(rows.map { $0["last_used_at"] as Double? ?? -1 }),
                            \(rows.map { $0["expires_at"] as Double }), \(rows.map { $0["revoked_at"] as Double? ?? -1 }),
                            \(rows.map { $0["replica"] as String? ?? "" }))
                     AS t(id, account_id, device, token_hash, created_at, last_used_at, expires_at, revoked_at, replica)
                """,
                logger: logger
            )
        }
    }

    private func copyGrants() async throws -> Int {
        try await batches("SELECT viewer_id || owner_id || printf('%020d', since_seq) AS key, * FROM grants") { rows in
            try await connection.query(
                """
                INSERT INTO grants (viewer_id, owner_id, since_seq, until_seq)
                SELECT viewer_id, owner_id, since_seq, NULLIF(until_seq, -1)
                FROM unnest(\(try rows.map { try uuid($0, "viewer_id") }), \(try rows.map { try uuid($0, "owner_id") }),
                            \(rows.map { $0["since_seq"] as Int64 }), \(rows.map { $0["until_seq"] as Int64? ?? -1 }))
                     AS g(viewer_id, owner_id, since_seq, until_seq)
                """,
                logger: logger
            )
        }
    }

    private func copyReplicas() async throws -> Int {
        try await batches("SELECT replica AS key, * FROM replicas") { rows in
            try await connection.query(
                """
                INSERT INTO replicas (replica, account_id, device, seq, first_seen)
                SELECT * FROM unnest(\(rows.map { $0["replica"] as String }), \(try rows.map { try uuid($0, "account_id") }),
                                     \(rows.map { $0["device"] as String }), \(rows.map { $0["seq"] as Int64 }),
                                     \(rows.map { $0["first_seen"] as Double }))
                """,
                logger: logger
            )
        }
    }

    private func copyEntities() async throws -> Int {
        try await batches("SELECT id AS key, * FROM entities") { rows in
            try await connection.query(
                """
                INSERT INTO entities (id, owner_id, type, last_seq, state, arrivals)
                SELECT id, owner_id, type, last_seq, state, CASE WHEN has_arrivals THEN arrivals END
                FROM unnest(\(try rows.map { try uuid($0, "id") }), \(try rows.map { try uuid($0, "owner_id") }),
                            \(rows.map { $0["type"] as String }), \(rows.map { $0["last_seq"] as Int64 }),
                            \(rows.map { ByteBuffer(data: $0["state"] as Data) }), \(rows.map { ByteBuffer(data: $0["arrivals"] as Data? ?? Data()) }),
                            \(rows.map { ($0["arrivals"] as Data?) != nil }))
                     AS e(id, owner_id, type, last_seq, state, arrivals, has_arrivals)
                """,
                logger: logger
            )
        }
    }

    private func copyFates() async throws -> Int {
        // Fates recorded before their day was kept count from today, as the SQLite migration did.
        let today = Int64((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return try await batches("SELECT change_id AS key, * FROM change_fates") { rows in
            let ids = try rows.map { row -> UUID in
                guard let bytes = row["change_id"] as Data?, bytes.count == 16 else {
                    throw StorageError.corrupt("a change_fates.change_id is not 16 bytes")
                }
                return bytes.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
            }
            try await connection.query(
                """
                INSERT INTO change_fates (change_id, seq, code, message, field, digest, recorded_day)
                SELECT id, NULLIF(seq, 0), NULLIF(code, ''), NULLIF(message, ''), CASE WHEN has_field THEN field END,
                       CASE WHEN has_digest THEN digest END, day
                FROM unnest(\(ids), \(rows.map { $0["seq"] as Int64? ?? 0 }), \(rows.map { $0["code"] as String? ?? "" }),
                            \(rows.map { $0["message"] as String? ?? "" }), \(rows.map { $0["field"] as String? ?? "" }),
                            \(rows.map { ($0["field"] as String?) != nil }), \(rows.map { $0["digest"] as Int64? ?? 0 }),
                            \(rows.map { ($0["digest"] as Int64?) != nil }), \(rows.map { $0["recorded_day"] as Int64? ?? today }))
                     AS f(id, seq, code, message, field, has_field, digest, has_digest, day)
                """,
                logger: logger
            )
        }
    }

    private func copyCalendarFeeds() async throws -> Int {
        try await batches("SELECT account_id AS key, * FROM calendar_feeds") { rows in
            try await connection.query(
                """
                INSERT INTO calendar_feeds (account_id, token_hash, created_at)
                SELECT * FROM unnest(\(try rows.map { try uuid($0, "account_id") }), \(rows.map { $0["token_hash"] as String }),
                                     \(rows.map { $0["created_at"] as Double }))
                """,
                logger: logger
            )
        }
    }
}
