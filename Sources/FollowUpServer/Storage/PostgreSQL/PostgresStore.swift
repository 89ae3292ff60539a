import FollowUpCore
import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The store for several server instances over one PostgreSQL database (postgres-nio, no ORM).
///
/// It keeps SQLite's guarantee that sequence order is commit order (``SyncStore``), across
/// instances: every transaction that takes sequence numbers first locks the one `sequence` row
/// (`UPDATE … RETURNING`) and holds the lock until it commits, so no two such transactions overlap,
/// and PostgreSQL makes a transaction visible before it releases its locks. A snapshot that shows
/// the sequence at N therefore shows every transaction that took a number up to N and none that
/// took more (`docs/design/cursor.md` has the argument in full).
final class PostgresStore: ServerStore {
    let client: PostgresClient
    let settings: PostgresSettings
    let logger: Logger
    let serverID: UUID
    let epoch: UUID
    /// This instance's pushes waiting for the sequence lock.
    let pushes = PushQueue()
    private let running: Task<Void, Never>

    /// The channel every commit that takes sequence numbers notifies (``watchCommits(interval:changed:)``).
    static let commitChannel = "followup_commits"

    private init(client: PostgresClient, running: Task<Void, Never>, settings: PostgresSettings, logger: Logger, serverID: UUID, epoch: UUID) {
        self.client = client
        self.running = running
        self.settings = settings
        self.logger = logger
        self.serverID = serverID
        self.epoch = epoch
    }

    /// Connects, brings the schema up to date (once, however many instances start together) and
    /// reads the data set's ids. A database that cannot be reached, refuses the login or does not
    /// exist is ``StorageError/cannotOpen(path:reason:)`` with PostgreSQL's reason, never the password.
    static func open(_ settings: PostgresSettings, logger: Logger) async throws -> PostgresStore {
        // One connection of its own first: the pool retries a failing connection quietly, and an
        // operator starting the server wants PostgreSQL's reason (refused, wrong password, no such
        // database) at once.
        let ids: (UUID, UUID)
        do {
            ids = try await withDeadline(.seconds(15), orThrow: .unavailable("no answer in 15 seconds")) {
                let connection = try await PostgresConnection.connect(
                    configuration: try connectionConfiguration(settings),
                    id: 0,
                    logger: Self.quiet(logger)
                )
                do {
                    try await PostgresMigrations.run(on: connection, logger: logger)
                    let ids = (try await meta("server_id", on: connection), try await meta("epoch", on: connection))
                    try? await connection.close()
                    return ids
                } catch {
                    try? await connection.close()
                    throw error
                }
            }
        } catch {
            throw StorageError.cannotOpen(path: settings.description, reason: reason(error))
        }
        let client = PostgresClient(configuration: configuration(settings), backgroundLogger: Self.quiet(logger))
        let running = Task { await client.run() }
        return PostgresStore(client: client, running: running, settings: settings, logger: logger, serverID: ids.0, epoch: ids.1)
    }

    /// TLS as libpq's `sslmode` means it: the certificate checked only for `verify-full`.
    private static func tlsConfiguration(_ mode: PostgresSettings.TLSMode) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if mode != .verifyFull { configuration.certificateVerification = .none }
        return configuration
    }

    /// The settings of the one connection ``open(_:logger:)`` makes before the pool.
    private static func connectionConfiguration(_ settings: PostgresSettings) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch settings.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration(settings.tls)))
            case .require, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration(settings.tls)))
            }
        var configuration = PostgresConnection.Configuration(
            host: settings.host,
            port: settings.port,
            username: settings.username,
            password: settings.password,
            database: settings.database,
            tls: tls
        )
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    private static func configuration(_ settings: PostgresSettings) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch settings.tls {
            case .disable: .disable
            case .prefer: .prefer(tlsConfiguration(settings.tls))
            case .require, .verifyFull: .require(tlsConfiguration(settings.tls))
            }
        var configuration = PostgresClient.Configuration(
            host: settings.host,
            port: settings.port,
            username: settings.username,
            password: settings.password,
            database: settings.database,
            tls: tls
        )
        configuration.options.maximumConnections = settings.poolSize
        configuration.options.connectTimeout = .seconds(5)
        let milliseconds =
            settings.statementTimeout.components.seconds * 1000 + settings.statementTimeout.components.attoseconds / 1_000_000_000_000_000
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", String(milliseconds)),
            ("idle_in_transaction_session_timeout", String(max(milliseconds, 60_000))),
            ("application_name", "followup-server"),
        ]
        return configuration
    }

    /// postgres-nio logs every failed connection attempt at error level; the store reports what
    /// matters itself.
    private static func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .critical)
        return quiet
    }

    /// The value of a `server_meta` row the migrations made.
    private static func meta(_ key: String, on connection: PostgresConnection) async throws -> UUID {
        let rows = try await connection.query("SELECT value FROM server_meta WHERE key = \(key)", logger: Logger(label: "followup.meta"))
        for try await text in rows.decode(String.self) {
            return try UUID.stored(text, in: "server_meta.\(key)")
        }
        throw StorageError.corrupt("server_meta has no \(key)")
    }

    /// Closes every connection: the client's `run()` ends when its task is cancelled.
    func close() async throws {
        running.cancel()
        _ = await running.value
    }

    // MARK: Running statements

    /// How long a request waits for the database before it is answered 503.
    private var deadline: Duration { settings.statementTimeout + .seconds(2) }

    /// Runs `body` on a pooled connection, within the deadline, with postgres-nio's errors turned
    /// into ``StorageError``.
    func withConnection<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await guarded { try await self.client.withConnection { connection in try await body(connection) } }
    }

    /// Runs `body` in one transaction (`BEGIN` as given: read-only snapshots for pulls), committed
    /// when it returns and rolled back when it throws.
    func transaction<Result: Sendable>(
        _ begin: PostgresQuery = "BEGIN",
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let logger = logger
        return try await withConnection { connection in
            try await connection.query(begin, logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// A read-only transaction on one snapshot: every statement sees the same commits.
    func snapshot<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", body)
    }

    private func guarded<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let limit = deadline
        do {
            return try await withDeadline(limit, orThrow: .unavailable("no answer from the database in \(limit)"), operation)
        } catch let error as StorageError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.storageError(error)
        }
    }

    /// The ``StorageError`` a postgres-nio error means: the database gone or too slow is
    /// ``StorageError/unavailable(_:)`` (503, try again); a statement PostgreSQL refuses for another
    /// reason, or a column that does not decode, is a failure of ours.
    static func storageError(_ error: any Error) -> StorageError {
        if let error = error as? PostgresDecodingError { return .failed("a column did not decode: \(error)") }
        // Not PostgreSQL's answer: the pool or the connection failed (no connection could be made,
        // the socket closed), which is the database being away.
        guard let error = error as? PSQLError else { return .unavailable(String(describing: error)) }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "no message"
            // 57: operator intervention (shutdown, statement timeout), 08: connection, 53: resources.
            if state.hasPrefix("57") || state.hasPrefix("08") || state.hasPrefix("53") || state == "40001" || state == "40P01" {
                return .unavailable("\(message) (SQLSTATE \(state))")
            }
            return .failed("\(message) (SQLSTATE \(state))")
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed, .queryCancelled:
            return .unavailable(reason(error))
        default:
            return .failed(reason(error))
        }
    }

    /// What went wrong, in one line: PostgreSQL's own message, or the connection failure's.
    static func reason(_ error: any Error) -> String {
        if let error = error as? StorageError { return error.description }
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// Writes a new epoch (see ``ServerStorage/startNewEpoch(in:logger:)``); instances read it when they start.
    func startNewEpoch() async throws -> UUID {
        let epoch = UUID()
        let logger = logger
        try await withConnection { connection in
            try await connection.query("UPDATE server_meta SET value = \(epoch.uuidString.lowercased()) WHERE key = 'epoch'", logger: logger)
            return ()
        }
        return epoch
    }

    // MARK: Health and commits

    func ping() async throws {
        try await withConnection { connection in
            try await connection.query("SELECT 1", logger: Logger(label: "followup.ping"))
            return ()
        }
    }

    /// Listens on ``commitChannel``, on a connection of its own (outside the pool, which it would
    /// otherwise hold for good): every push, assignment or account change made by any instance (or
    /// `followup-server admin`) notifies it when it commits. Throws when the connection drops;
    /// ``CommitWatch`` then listens again.
    func watchCommits(interval: Duration, changed: @escaping @Sendable () async -> Void) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try Self.connectionConfiguration(settings),
                id: 1,
                logger: Self.quiet(logger)
            )
        } catch {
            throw Self.storageError(error)
        }
        do {
            try await connection.listen(on: Self.commitChannel) { notifications in
                // Commits made before the LISTEN took effect were not heard: look once.
                await changed()
                for try await _ in notifications { await changed() }
            }
            try? await connection.close()
        } catch is CancellationError {
            try? await connection.close()
            return
        } catch {
            try? await connection.close()
            if Task.isCancelled { return }
            throw Self.storageError(error)
        }
        if Task.isCancelled { return }
        throw StorageError.unavailable("the listening connection closed")
    }
}

extension PostgresConnection {
    /// Takes the next `count` numbers of the sequence; returns the first. Locks the sequence row
    /// until the transaction ends (see ``PostgresStore``), and notifies ``PostgresStore/commitChannel``
    /// at commit.
    func nextSequence(_ count: Int64 = 1, logger: Logger) async throws -> Int64 {
        let rows = try await query(
            "UPDATE sequence SET value = value + \(count) WHERE id = 1 RETURNING value",
            logger: logger
        )
        for try await value in rows.decode(Int64.self) {
            try await query("SELECT pg_notify(\(PostgresStore.commitChannel), '')", logger: logger)
            return value - count + 1
        }
        throw StorageError.corrupt("the sequence row is missing")
    }

    /// Locks the sequence row for the rest of the transaction and answers its value: what a push
    /// does first, so that the numbers it takes are in commit order.
    func lockSequence(logger: Logger) async throws -> Int64 {
        let rows = try await query("UPDATE sequence SET value = value WHERE id = 1 RETURNING value", logger: logger)
        for try await value in rows.decode(Int64.self) { return value }
        throw StorageError.corrupt("the sequence row is missing")
    }

    /// The highest sequence number in this transaction's snapshot.
    func currentSequence(logger: Logger) async throws -> Int64 {
        let rows = try await query("SELECT value FROM sequence WHERE id = 1", logger: logger)
        for try await value in rows.decode(Int64.self) { return value }
        throw StorageError.corrupt("the sequence row is missing")
    }
}
