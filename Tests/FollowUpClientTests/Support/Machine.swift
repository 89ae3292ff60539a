import FollowUpCommandLine
import FollowUpTestSupport
import Foundation
import Testing

/// One "machine": a FOLLOWUP_HOME of its own, driven through the `followup` commands, in-process
/// on a console of its own (the default), or as real `followup` processes.
struct Machine: Sendable {
    /// How the commands run.
    enum Runner: Sendable {
        /// ``FollowUpCommand/execute(_:)`` in the test process: the same parsing, commands and
        /// exit codes, without starting a process per step.
        case inProcess
        /// The `followup` executable, as a user runs it.
        case process
    }

    let home: URL
    /// FOLLOWUP_NOW for the commands, when a test needs to control which edit is later.
    var now: Date?
    var runner: Runner

    init(_ name: String, in directory: URL, now: Date? = nil, runner: Runner = .inProcess) {
        home = directory.appendingPathComponent(name)
        self.now = now
        self.runner = runner
    }

    func at(_ date: Date) -> Machine {
        var copy = self
        copy.now = date
        return copy
    }

    /// FOLLOWUP_RETRY_SECONDS for the commands: 0 unless a test restarts a server under them, so
    /// that a test of a server that is down hears so at once.
    var retrySeconds = 0

    var environment: [String: String] {
        var environment = ["FOLLOWUP_HOME": home.path, "NO_COLOR": "1", "FOLLOWUP_RETRY_SECONDS": String(retrySeconds)]
        if let now { environment["FOLLOWUP_NOW"] = now.formatted(.iso8601) }
        return environment
    }

    /// Runs `followup` with `arguments`; returns status, standard output and standard error.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String, error: String) {
        switch runner {
        case .process:
            return try await ChildProcess.run("followup", arguments, input: input, environment: environment)
        case .inProcess:
            let (console, transcript) = Console.recording(input: input, environment: environment)
            let status = await Console.$current.withValue(console) { await FollowUpCommand.execute(arguments) }
            return (status, transcript.output, transcript.error)
        }
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func ok(_ arguments: [String], input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(arguments, input: input)
        #expect(result.status == 0, "followup \(arguments.joined(separator: " ")): \(result.error)", sourceLocation: sourceLocation)
        return result.output
    }

    /// Runs a command with `--json` and decodes its output.
    func json<Value: Decodable>(_ arguments: [String], as type: Value.Type = Value.self) async throws -> Value {
        let output = try await ok(arguments + ["--json"])
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(output.utf8))
    }

    /// Logs in to `server` as `user` (password `\(user) password`).
    func login(_ server: any RunningServer, as user: String, device: String? = nil) async throws {
        try await ok(["login", server.url, "--user", user, "--device", device ?? home.lastPathComponent], input: "\(user) password\n")
    }

    /// The id printed by `interview add` ("added interview 1a2b3c4d: …").
    static func addedID(_ output: String) -> String? {
        output.split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) }
    }
}

/// A running server with accounts, and the machines that sync with it.
struct Deployment: Sendable {
    let directory: URL
    let server: any RunningServer
    /// How the machines run their commands: in-process beside an in-process server, or as
    /// processes beside a `followup-server` process, end to end.
    let runner: Machine.Runner

    static func start(accounts: [(String, String)], runner: Machine.Runner = .inProcess) async throws -> Deployment {
        let directory = try makeTemporaryDirectory("client")
        let data = directory.appendingPathComponent("server").path
        let server: any RunningServer =
            switch runner {
            case .inProcess: try await InProcessServer.start(data: data)
            case .process: try await ServerProcess.start(data: data)
            }
        for (name, role) in accounts {
            try await server.admin(["create-account", name, "--role", role], password: "\(name) password")
        }
        return Deployment(directory: directory, server: server, runner: runner)
    }

    func machine(_ name: String) -> Machine {
        Machine(name, in: directory, runner: runner)
    }

    /// A server with one seeker, Ana, logged in on two machines of hers: "laptop" and "desktop".
    static func anaOnLaptopAndDesktop(runner: Machine.Runner = .inProcess) async throws -> (deployment: Deployment, laptop: Machine, desktop: Machine)
    {
        let deployment = try await start(accounts: [("ana", "seeker")], runner: runner)
        let laptop = deployment.machine("laptop")
        let desktop = deployment.machine("desktop")
        try await laptop.login(deployment.server, as: "ana")
        try await desktop.login(deployment.server, as: "ana")
        return (deployment, laptop, desktop)
    }

    func stop() async throws {
        try await server.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
