public import ArgumentParser

/// `followup`: after-interview notes, thank-yous and follow-up calls, offline first, synced on demand.
///
/// A library, so that tests run the very commands a user types in-process (``execute(_:)`` on a
/// recording ``Console``); the `followup` executable is only ``execute(_:)`` on the real terminal.
public struct FollowUpCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
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
            Draft.self, LetterCommand.self, History.self, Conflicts.self, Caseload.self,
            Export.self, Import.self, Config.self, CalendarURL.self,
        ]
    )

    public init() {}

    /// Parses `arguments` (without the program name), runs the command on ``Console/current`` and
    /// returns the exit status, writing what `followup` writes for help, usage and other errors.
    public static func execute(_ arguments: [String]) async -> Int32 {
        let console = Console.current
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            console.flush()
            return ExitCode.success.rawValue
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            if code == .validationFailure, let suggestion = CommandSuggestion.for(arguments, in: Self.self) {
                message = CommandSuggestion.inserting(suggestion, into: message)
            }
            if !message.isEmpty {
                if code == .success { console.write(message + "\n") } else { console.writeToError(message + "\n") }
            }
            console.flush()
            return code.rawValue
        }
    }
}
