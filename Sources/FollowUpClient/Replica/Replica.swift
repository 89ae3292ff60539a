public import FollowUpCore
public import Foundation
import GRDB

/// The local replica: one SQLite file under a FollowUp home holding every record this device
/// knows, the changes it has not yet pushed, and the sync state.
///
/// Every write is one transaction that updates the record, its projections and the outbox
/// together: a crash at any point leaves either all of it or none of it. The clock is injected,
/// so "today", timestamps and token expiry are under the caller's (and the tests') control.
public final class Replica: Sendable {
    public static let fileName = "replica.sqlite"

    let queue: DatabaseQueue
    public let directory: URL
    public let replicaID: ReplicaID
    public let now: @Sendable () -> Date
    let limits: ChangeLimits

    /// Opens the replica in `directory`, creating it (and a new replica id) on first use.
    public init(directory: URL, now: @escaping @Sendable () -> Date = { Date() }, limits: ChangeLimits = .standard) throws(ClientError) {
        self.directory = directory
        self.now = now
        self.limits = limits
        do {
            // Checked first: creating walks and stats every parent, on every command.
            if !FileManager.default.fileExists(atPath: directory.path) {
                try FileManager.default.createDirectory(
                    at: directory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: Int(PrivateFiles.directoryMode)]
                )
            }
        } catch {
            throw .file("cannot create the FollowUp home \(directory.path): \(error.localizedDescription)")
        }
        let databasePath = directory.appendingPathComponent(Self.fileName).path
        do {
            try PrivateFiles.secure(directory: directory.path, database: databasePath, companions: [databasePath + "-wal", databasePath + "-shm"])
        } catch {
            throw .file(error.description)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            // Read pages straight from the mapped file instead of copying each one: a listing
            // reads thousands of them, in a process that lives a few milliseconds.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            // Room for a whole pulled page's pages (SQLite's default is 2 MB): a first sync writes
            // thousands of records per transaction, and pages that spill are written twice.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            queue = try DatabaseQueue(path: databasePath, configuration: configuration)
            try ReplicaSchema.migrator.migrate(queue)
            // Read first: only a new replica needs the write lock to make its id.
            let stored = try queue.read { db in try Meta.get(.replicaID, db).flatMap { ReplicaID(hex: $0) } }
            replicaID =
                try stored
                ?? queue.write { db in
                    if let text = try Meta.get(.replicaID, db), let id = ReplicaID(hex: text) { return id }
                    var generator = SystemRandomNumberGenerator()
                    let id = ReplicaID.random(using: &generator)
                    try Meta.set(.replicaID, id.description, db)
                    return id
                }
        } catch let error as DatabaseError {
            throw .storage("\(databasePath): \(error.message ?? error.description)")
        } catch {
            throw .storage(error.localizedDescription)
        }
    }

    /// Runs `body` in one write transaction with a writer that stamps, applies and queues changes.
    public func write<Result>(_ body: (inout ReplicaWriter) throws -> Result) throws -> Result {
        try storage {
            try queue.write { db in
                var writer = try ReplicaWriter(db: db, replica: replicaID, wallMillis: Self.millis(now()), limits: limits)
                let result = try body(&writer)
                try writer.finish()
                return result
            }
        }
    }

    /// Runs `body` on a consistent snapshot.
    func read<Result>(_ body: (Database) throws -> Result) throws -> Result {
        try storage { try queue.read(body) }
    }

    /// Turns database failures into a ``ClientError``, letting the client's own errors through.
    func storage<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as ClientError {
            throw error
        } catch let error as DatabaseError {
            throw ClientError.storage(error.message ?? error.description)
        }
    }

    static func millis(_ date: Date) -> UInt64 {
        UInt64(max(0, date.timeIntervalSince1970 * 1000))
    }

    /// Today in the device's time zone.
    public var today: LocalDate {
        LocalDate(now(), in: TimeZone.current)
    }
}
