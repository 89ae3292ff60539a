import ArgumentParser
import FollowUpServer

/// `followup-server backup --to FILE`: an online copy of the database, safe while the server runs.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a new file while the server keeps running.",
        discussion: "Restore with `followup-server restore --from FILE` while the server is stopped (see deploy/README.md)."
    )

    @OptionGroup var data: StorageOptions

    @Option(help: ArgumentHelp("The new backup file; it must not exist yet.", valueName: "file"))
    var to: String

    func run() throws {
        let database = try data.openSQLite(create: false)
        try database.backup(to: to)
        print("backed up \(data.directory()) to \(to)")
    }
}
