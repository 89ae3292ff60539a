import ArgumentParser
import FollowUpServer
import Foundation
import Logging

/// `followup-server restore --from FILE`: puts a backup back in service, in a new epoch.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a backup back in service (the server must be stopped).",
        discussion: """
            The database in service is kept beside it as followup.sqlite.before-restore-<time>. The \
            restored data starts a new epoch: each client then sends again what the backup lacks and \
            pulls everything (Protocol/SPEC.md §6.2), so nothing acknowledged after the backup is lost \
            while its device still has it. For PostgreSQL, restore the dump with pg_restore, then run \
            `followup-server restore --database URL --new-epoch` with every instance stopped.
            """
    )

    @OptionGroup var data: StorageOptions

    @Option(help: ArgumentHelp("The backup file, made by `followup-server backup`.", valueName: "file"))
    var from: String?

    @Flag(help: "Only start a new epoch in the --database given, which pg_restore has just filled.")
    var newEpoch = false

    func run() async throws {
        if newEpoch {
            guard let url = data.database ?? ProcessInfo.processInfo.environment["FOLLOWUP_DATABASE_URL"], from == nil else {
                throw CommandError("--new-epoch takes --database URL (the database pg_restore filled) and no --from")
            }
            var logger = Logger(label: "followup-server")
            logger.logLevel = .warning
            let settings = try PostgresSettings(url: url)
            let epoch = try await ServerStorage.startNewEpoch(in: settings, logger: logger)
            print("\(settings) starts new epoch \(epoch.uuidString.lowercased()); start the instances again")
            return
        }
        guard let from else { throw CommandError("give the backup file with --from FILE (or --database URL --new-epoch after pg_restore)") }
        let files = FileManager.default
        let directory = data.directory()
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        let live = configuration.databasePath
        guard files.fileExists(atPath: from) else { throw CommandError("there is no backup at \(from)") }
        guard files.fileExists(atPath: directory) else { throw CommandError("there is no data directory at \(directory)") }
        try ServingLock.withoutServers(directory: directory) { try restore(from, into: live) }
    }

    private func restore(_ from: String, into live: String) throws {
        let files = FileManager.default
        let incoming = live + ".restoring"
        try? files.removeItem(atPath: incoming)
        try files.copyItem(atPath: from, toPath: incoming)
        // Opening it checks that it is a FollowUp database and brings its schema up to date.
        do {
            try SQLiteStore(path: incoming).close()
        } catch {
            try? files.removeItem(atPath: incoming)
            throw CommandError("\(from) is not a FollowUp database: \(error)")
        }
        let epoch = try SQLiteStore.startNewEpoch(at: incoming)
        let stamp = Date().formatted(.iso8601).replacingOccurrences(of: ":", with: "")
        // The database it replaces moves aside whole, with its write-ahead log if a server left one.
        for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: live + suffix) {
            try files.moveItem(atPath: live + suffix, toPath: "\(live).before-restore-\(stamp)\(suffix)")
        }
        try files.moveItem(atPath: incoming, toPath: live)
        print(
            "restored \(from) into \(data.directory()) (new epoch \(epoch.uuidString.lowercased())); the data it replaced is in \(live).before-restore-\(stamp)"
        )
    }
}
