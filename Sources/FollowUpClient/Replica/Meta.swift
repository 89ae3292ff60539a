import GRDB

/// The replica's key-value settings and sync state.
enum Meta {
    enum Key: String {
        case replicaID = "replica_id"
        case clock
        case serverURL = "server_url"
        case serverID = "server_id"
        case token
        case account
        case device
        case cursor
        case lastSyncAt = "last_sync_at"
        case lastSyncConflicts = "last_sync_conflicts"
        case settings
    }

    static func get(_ key: Key, _ db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key.rawValue])
    }

    static func set(_ key: Key, _ value: String?, _ db: Database) throws {
        if let value {
            try db.cachedStatement(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .execute(arguments: [key.rawValue, value])
        } else {
            try db.cachedStatement(sql: "DELETE FROM meta WHERE key = ?").execute(arguments: [key.rawValue])
        }
    }
}
