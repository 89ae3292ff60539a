import ArgumentParser

/// `followup`: after-interview notes, thank-yous and follow-up calls, offline first, synced on demand.
@main
struct FollowUpCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "Track what to do after a job interview: notes, thank-yous, follow-up calls.",
        discussion: """
            Everything works offline on a local replica ($FOLLOWUP_HOME, else ~/.local/share/followup);
            `followup sync` reconciles with the server. Record ids may be shortened to their first characters.
            Shell completions: followup --generate-completion-script bash|zsh|fish.
            """,
        version: "1.0.0",
        subcommands: [
            Login.self, Logout.self, Status.self, Sync.self,
            InterviewCommand.self, InterviewerCommand.self, NoteCommand.self,
            Due.self, Done.self, Attempted.self, Skip.self, Snooze.self, Reschedule.self, Reopen.self,
            Draft.self, History.self, Conflicts.self, Caseload.self,
            Export.self, Import.self, Config.self,
        ]
    )
}
