import FollowUpServer
import FollowUpTestSupport
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A server the client tests reach over HTTP: a real process or the application in the tests' own.
protocol RunningServer: Sendable {
    var url: String { get }
    var dataDirectory: String { get }
    func stop() async throws
}

extension RunningServer {
    /// Runs `followup-server admin …` on this server's data directory; the command must succeed.
    @discardableResult
    func admin(_ arguments: [String], password: String? = nil) async throws -> String {
        try await ServerProcess.admin(arguments, data: dataDirectory, password: password)
    }
}

extension ServerProcess: RunningServer {}

/// `followup-server serve` without a process: the same application over a real SQLite file,
/// listening on a free loopback port inside the test process. Starting one takes milliseconds
/// where a process takes a large part of a second.
final class InProcessServer: RunningServer {
    let port: Int
    let dataDirectory: String
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let storage: ServerStorage

    var url: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, dataDirectory: String, group: ServiceGroup, running: Task<Void, any Error>, storage: ServerStorage) {
        self.port = port
        self.dataDirectory = dataDirectory
        self.group = group
        self.running = running
        self.storage = storage
    }

    /// Starts the server on `dataDirectory` (created if missing) and returns once it listens, on
    /// `port` (0: any free one).
    static func start(data dataDirectory: String, port: Int = 0, databaseURL: String? = nil) async throws -> InProcessServer {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        var configuration = ServerConfiguration()
        configuration.dataDirectory = dataDirectory
        configuration.port = port
        configuration.bcryptCost = 4
        configuration.databaseURL = databaseURL
        var logger = Logger(label: "in-process-server")
        logger.logLevel = .warning
        let storage = try await ServerStorage.open(try configuration.databaseLocation(), logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await FollowUpServer.makeApplication(
            configuration: configuration,
            storage: storage,
            logger: logger,
            onServerRunning: { port in
                portContinuation.yield(port)
                portContinuation.finish()
            }
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task {
            defer { portContinuation.finish() }  // a server that fails to start ends the wait below
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await running.value
            throw ProcessError("the in-process server on \(dataDirectory) stopped before it listened")
        }
        return InProcessServer(port: port, dataDirectory: dataDirectory, group: group, running: running, storage: storage)
    }

    /// Stops as SIGTERM stops the process: in-flight requests finish, then the database closes.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
        try await storage.close()
    }
}
