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

extension SQLiteStore {
    /// Looks at the commit counter every `interval` (see ``DataVersionProbe``): a commit by any
    /// connection, this server's own included, calls `changed`.
    func watchCommits(interval: Duration, changed: @escaping @Sendable () async -> Void) async throws {
        let probe: DataVersionProbe
        do {
            probe = try DataVersionProbe(path: pool.path)
        } catch let error as DatabaseError {
            throw StorageError.cannotOpen(path: pool.path, reason: error.message ?? error.description)
        }
        defer { try? probe.close() }
        while !Task.isCancelled {
            if try await probe.changed() { await changed() }
            try await Task.sleep(for: interval)
        }
    }
}
