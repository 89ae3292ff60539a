import ArgumentParser
import FollowUpServer
import Foundation

/// `followup-server restore --from FILE`: puts a backup back in service, in a new epoch.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a backup back in service (the server must be stopped).",
        discussion: """
            The database in service is kept beside it as followup.sqlite.before-restore-<time>. The \
            restored data starts a new epoch: each client then sends again what the backup lacks and \
            pulls everything (Protocol/SPEC.md §6.2), so nothing acknowledged after the backup is lost \
            while its device still has it.
            """
    )

    @OptionGroup var data: StorageOptions

    @Option(help: ArgumentHelp("The backup file, made by `followup-server backup`.", valueName: "file"))
    var from: String

    func run() throws {
        let files = FileManager.default
        let directory = data.directory()
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        let live = configuration.databasePath
        guard files.fileExists(atPath: from) else { throw CommandError("there is no backup at \(from)") }
        guard files.fileExists(atPath: directory) else { throw CommandError("there is no data directory at \(directory)") }
        try ServingLock.withoutServers(directory: directory) { try restore(into: live) }
    }

    private func restore(into live: String) throws {
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
