import ArgumentParser
import FollowUpServer
import Foundation
import Logging

/// `followup-server migrate-data --from DIR --to postgres://…`: moves a SQLite data directory into
/// an empty PostgreSQL database, cursors and all.
struct MigrateData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Copy a data directory's SQLite database into a new, empty PostgreSQL database.",
        discussion: """
            Accounts, devices, caseloads, records, change fates and the data set's id, epoch and sequence \
            position are copied in one transaction, so clients go on syncing from their cursors without \
            pulling everything again. Stop the server on the data directory first; then start the \
            instances with --database URL.
            """
    )

    @Option(help: ArgumentHelp("The data directory to copy from.", valueName: "dir"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to copy into, e.g. postgres://followup@db:5432/followup.", valueName: "url"))
    var to: String

    func run() async throws {
        var source = ServerConfiguration()
        source.dataDirectory = from
        guard FileManager.default.fileExists(atPath: source.databasePath) else {
            throw CommandError("there is no FollowUp database in \(from) (no \(source.databasePath))")
        }
        let settings = try PostgresSettings(url: to)
        try ServingLock.holdExclusively(directory: from)
        var logger = Logger(label: "followup-server")
        logger.logLevel = .warning
        let summary = try await DataMigration.copy(fromSQLite: source.databasePath, to: settings, logger: logger)
        print("copied \(summary) from \(from) to \(settings)")
        print("start the server with: followup-server serve --database URL")
    }
}
