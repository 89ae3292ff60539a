public import Foundation
public import Logging

/// Where a server keeps its data.
public enum DatabaseLocation: Sendable, Equatable {
    /// The embedded default: one SQLite file, one server process.
    case sqlite(path: String)
    /// A PostgreSQL database that any number of server instances share.
    case postgres(PostgresSettings)
}

/// The server's storage, opened: what ``FollowUpServer/makeApplication(configuration:storage:logger:now:onServerRunning:)``
/// and ``AccountService`` run on, whichever backend holds the data.
public struct ServerStorage: Sendable {
    let store: any ServerStore

    init(store: any ServerStore) {
        self.store = store
    }

    /// Opens the database (creating and migrating it as needed). A database that cannot be reached
    /// or opened is ``StorageError/cannotOpen(path:reason:)``, naming what failed but never a password.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> ServerStorage {
        switch location {
        case .sqlite(let path):
            ServerStorage(store: try SQLiteStore(path: path))
        case .postgres(let settings):
            ServerStorage(store: try await PostgresStore.open(settings, logger: logger))
        }
    }

    /// Gives the PostgreSQL database at `settings` a new epoch, after it was restored from a dump
    /// (`pg_restore`) with every server instance stopped: its clients then send again what the dump
    /// lacks (SPEC §6.2). Returns the new epoch.
    public static func startNewEpoch(in settings: PostgresSettings, logger: Logger) async throws -> UUID {
        let store = try await PostgresStore.open(settings, logger: logger)
        do {
            let epoch = try await store.startNewEpoch()
            try await store.close()
            return epoch
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// The data set's id, as cursors and `/v1/info` carry it.
    public var serverID: UUID { store.serverID }
    /// The data set's epoch (a restore starts a new one).
    public var epoch: UUID { store.epoch }

    /// Closes the database; call after the server stopped.
    public func close() async throws {
        try await store.close()
    }
}
