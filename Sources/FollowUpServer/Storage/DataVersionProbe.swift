import GRDB
import Synchronization

/// Tells whether anything was committed to the database since the last look, by any connection,
/// in this process or another (such as `followup-server admin` beside a running server).
///
/// SQLite's `PRAGMA data_version` changes for a connection whenever another connection commits, so
/// the probe keeps one read-only connection of its own; reading it costs microseconds and no I/O.
final class DataVersionProbe: Sendable {
    private let connection: DatabaseQueue
    private let last: Mutex<Int?>

    init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        last = Mutex(nil)
    }

    /// Whether a commit happened since the previous call (never on the first).
    func changed() async throws -> Bool {
        let version = try await connection.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
        return last.withLock { last in
            defer { last = version }
            return last != nil && last != version
        }
    }

    func close() throws {
        try connection.close()
    }
}

extension ServerDatabase {
    /// A probe of commits to this database by any connection (see ``DataVersionProbe``).
    func dataVersionProbe() throws -> DataVersionProbe {
        do {
            return try DataVersionProbe(path: pool.path)
        } catch let error as DatabaseError {
            throw StorageError.cannotOpen(path: pool.path, reason: error.message ?? error.description)
        }
    }
}
