import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

/// What every command needs: the replica, the clock, and how to write to the terminal.
struct CommandContext {
    let replica: Replica
    let home: URL
    let output: Output

    /// Opens the replica of `$FOLLOWUP_HOME`. `$FOLLOWUP_NOW` (an ISO 8601 instant or a date) sets
    /// the clock, for scripts and tests that need a fixed "today".
    static func open(on console: Console) throws -> CommandContext {
        let environment = console.environment
        let home = FollowUpHome.directory(environment: environment)
        let now = try fixedNow(environment["FOLLOWUP_NOW"])
        let replica = try Replica(directory: home, now: { now ?? Date() })
        return CommandContext(replica: replica, home: home, output: Output(console: console))
    }

    static func fixedNow(_ text: String?) throws -> Date? {
        guard let text, !text.isEmpty else { return nil }
        // A plain date first: it is what tests and the benchmark give, and Foundation's ISO 8601
        // parser costs a listing's process a millisecond or two to set up.
        if let date = LocalDate(iso: text) {
            return Date(
                timeIntervalSince1970: TimeInterval(date.daysSinceEpoch * 86_400 + 12 * 3600) - TimeInterval(TimeZone.current.secondsFromGMT())
            )
        }
        if let instant = try? Date(text, strategy: .iso8601) { return instant }
        throw ClientError.invalidInput("FOLLOWUP_NOW=\(text) is neither an ISO 8601 instant nor a date like 2026-11-28")
    }

    /// How long commands retry a server that is restarting or behind a proxy that says so:
    /// `$FOLLOWUP_RETRY_SECONDS`, 20 by default (0 turns retrying off).
    func retryWindow() throws -> Duration {
        guard let text = output.console.environment["FOLLOWUP_RETRY_SECONDS"], !text.isEmpty else { return .seconds(20) }
        guard let seconds = Int(text), (0...600).contains(seconds) else {
            throw ClientError.invalidInput("FOLLOWUP_RETRY_SECONDS=\(text) is not a whole number of seconds from 0 to 600")
        }
        return .seconds(seconds)
    }

    /// A client for the bound server with the stored token.
    func client(requireToken: Bool = true) throws -> (SyncClient, Session) {
        let session = try replica.requireSession()
        if requireToken && session.token == nil {
            throw ClientError.sessionEnded("this device is logged out")
        }
        return (try SyncClient(server: session.serverURL, token: session.token, retryWindow: try retryWindow()), session)
    }
}

/// A command that works on the local replica: opens it, runs, and turns a ``ClientError`` into one
/// line on standard error and its distinct exit code.
protocol ReplicaCommand: AsyncParsableCommand {
    func run(_ context: CommandContext) async throws
}

extension ReplicaCommand {
    func run() async throws {
        let console = Console.current
        do {
            try await run(try CommandContext.open(on: console))
        } catch let error as ClientError {
            Output(console: console).error(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}
