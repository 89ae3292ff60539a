import ArgumentParser
import FollowUpClient
import FollowUpProtocol
import Foundation

struct Login: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log this device in to a server; the first login binds the replica to your account.",
        discussion: "The password is prompted for on a terminal, or read from standard input: echo \"$PW\" | followup login URL --user NAME"
    )

    @Argument(help: "The server's URL, e.g. https://followup.example.org") var server: String
    @Option(help: "Your username (prompted for if missing).") var user: String?
    @Option(help: "A name for this device, shown in your device list (default: the host name).") var device: String?

    func run(_ context: CommandContext) async throws {
        let prompt = Prompt(console: context.output.console)
        let username = try user ?? prompt.line("Username: ")
        let password = try prompt.secret("Password for \(username): ")
        let deviceName = device ?? ProcessInfo.processInfo.hostName
        let client = try SyncClient(server: server, token: nil)
        let login = try await client.using { client in
            let info = try await client.info()
            let login = try await client.login(
                username: username,
                password: password,
                device: deviceName,
                replica: context.replica.replicaID
            )
            try context.replica.bind(login, serverURL: client.server, serverID: info.serverID)
            return login
        }
        context.output.line("logged in to \(client.server) as \(login.account.username) (\(login.account.role.rawValue)) on \(login.device.name)")
        context.output.line("run `followup sync` to get your records")
    }
}

struct Logout: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Log this device out; your records and queued changes stay here."
    )

    func run(_ context: CommandContext) async throws {
        let session = try context.replica.requireSession()
        if session.token != nil {
            do {
                try await SyncClient(server: session.serverURL, token: session.token).using { try await $0.logout() }
            } catch let error as ClientError {
                switch error {
                case .unreachable: context.output.note("the server is unreachable; the token is forgotten here but stays valid until revoked")
                case .sessionEnded: break
                default: throw error
                }
            }
        }
        try context.replica.clearToken()
        context.output.line("logged out of \(session.serverURL)")
    }
}

struct Status: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the server, the account, queued changes, the last sync and its conflicts."
    )

    @OptionGroup var format: JSONOption

    func run(_ context: CommandContext) async throws {
        let status = try context.replica.status(home: context.home)
        if format.json { return try context.output.json(status) }
        let output = context.output
        output.line("home:      \(status.home)")
        output.line("replica:   \(status.replica)")
        if let server = status.server {
            output.line("server:    \(server)")
            output.line(
                "account:   \(status.account ?? "?") (\(status.role ?? "?")) on \(status.device ?? "?")\(status.loggedIn ? "" : " — logged out")"
            )
        } else {
            output.line("server:    none yet (followup login URL)")
        }
        output.line("records:   \(status.records)")
        output.line("queued:    \(status.queuedChanges) change\(status.queuedChanges == 1 ? "" : "s") to push")
        if status.rejectedChanges > 0 {
            output.line(
                output.style(
                    "rejected:  \(status.rejectedChanges) change\(status.rejectedChanges == 1 ? "" : "s") set aside (followup sync --rejected)",
                    .red
                )
            )
        }
        output.line("last sync: \(status.lastSync ?? "never")")
        output.line(
            "conflicts: \(status.conflictsAtLastSync) value\(status.conflictsAtLastSync == 1 ? "" : "s") replaced by concurrent edits at the last sync (followup conflicts)"
        )
    }
}
