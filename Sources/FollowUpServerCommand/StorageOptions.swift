import ArgumentParser
import FollowUpServer
import Foundation
import Logging

/// `--data DIR` or `--database postgres://…`, shared by every command that opens the server's data.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory (default: $FOLLOWUP_DATA, else ./followup-data).", valueName: "dir"))
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep the data in this PostgreSQL database instead (default: $FOLLOWUP_DATABASE_URL), e.g. postgres://followup@db:5432/followup.",
            valueName: "url"
        )
    )
    var database: String?

    @Option(name: .customLong("database-pool"), help: ArgumentHelp("PostgreSQL connections this process opens (default 10).", valueName: "n"))
    var databasePool: Int?

    @Option(
        name: .customLong("database-timeout"),
        help: ArgumentHelp("Seconds a PostgreSQL statement may run before it is cancelled (default 30).", valueName: "seconds")
    )
    var databaseTimeout: Int?

    /// The directory to use: the flag, then the environment, then the default.
    func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        data ?? environment["FOLLOWUP_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? ServerConfiguration().dataDirectory
    }

    /// `configuration` with these flags applied over it.
    func applied(to configuration: ServerConfiguration) throws -> ServerConfiguration {
        var configuration = configuration
        configuration.dataDirectory = directory()
        if let database { configuration.databaseURL = database }
        if let databasePool {
            guard (1...1_000).contains(databasePool) else { throw CommandError("--database-pool must be from 1 to 1000") }
            configuration.databasePoolSize = databasePool
        }
        if let databaseTimeout {
            guard (1...3_600).contains(databaseTimeout) else { throw CommandError("--database-timeout must be from 1 to 3600 seconds") }
            configuration.databaseStatementTimeoutSeconds = databaseTimeout
        }
        return configuration
    }

    /// Opens the storage `configuration` names (see ``applied(to:)``), read as `location` when the
    /// caller has it. For the SQLite default, the data directory is made first when `create` is set.
    func openStorage(
        _ configuration: ServerConfiguration,
        at location: DatabaseLocation? = nil,
        create: Bool,
        logger: Logger
    ) async throws -> ServerStorage {
        let location = try location ?? configuration.databaseLocation()
        if case .sqlite = location { try prepareDirectory(configuration.dataDirectory, create: create) }
        return try await ServerStorage.open(location, logger: logger)
    }

    /// Opens the data directory's SQLite database itself, for what only that backend does (backup,
    /// restore); a PostgreSQL URL is refused with what to use instead.
    func openSQLite(create: Bool) throws -> SQLiteStore {
        let environment = ProcessInfo.processInfo.environment
        if database != nil || !(environment["FOLLOWUP_DATABASE_URL"] ?? "").isEmpty {
            throw CommandError(
                "this command works on the SQLite data directory; back up and restore PostgreSQL with pg_dump and pg_restore (deploy/README.md)"
            )
        }
        let directory = directory()
        try prepareDirectory(directory, create: create)
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        return try SQLiteStore(path: configuration.databasePath)
    }

    private func prepareDirectory(_ directory: String, create: Bool) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard create else {
                throw CommandError(
                    "there is no data directory at \(directory); start the server once with `followup-server serve --data \(directory)`"
                )
            }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } else if !isDirectory.boolValue {
            throw CommandError("\(directory) is a file, not a data directory")
        }
    }
}

/// A failure a command reports in one line, without a stack trace.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
