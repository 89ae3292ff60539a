import ArgumentParser

/// `followup-server`: runs the sync server and administers its data directory.
@main
struct FollowUpServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup-server",
        abstract: "The FollowUp sync server.",
        discussion: """
            Start with `followup-server serve`; on a new data directory, create the first admin with
            `followup-server admin create-account NAME --role admin`. Settings come from flags, then
            FOLLOWUP_* environment variables (see `serve --help`).
            """,
        subcommands: [Serve.self, Admin.self, Backup.self, Restore.self, MigrateData.self]
    )
}
