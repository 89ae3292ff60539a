import AsyncHTTPClient
import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

extension ServerHarness {
    /// Runs `body` with `count` server instances on this harness's database — several stateless
    /// servers over one PostgreSQL database (or one SQLite file), as behind a load balancer — each
    /// with storage of its own and listening on its own loopback port. They stop when `body` returns.
    func withInstances<Value: Sendable>(_ count: Int, _ body: @Sendable ([APIClient]) async throws -> Value) async throws -> Value {
        var logger = Logger(label: "test-instance")
        logger.logLevel = .warning
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var running: [(group: ServiceGroup, task: Task<Void, any Error>, storage: ServerStorage)] = []
        var clients: [APIClient] = []
        do {
            for _ in 0..<count {
                let storage = try await openStorage(logger: logger)
                let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
                let clock = clock
                let app = try await FollowUpServer.makeApplication(
                    configuration: configuration,
                    storage: storage,
                    logger: logger,
                    now: { clock.now() },
                    onServerRunning: { port in
                        portContinuation.yield(port)
                        portContinuation.finish()
                    }
                )
                let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
                let task = Task {
                    defer { portContinuation.finish() }
                    try await group.run()
                }
                running.append((group, task, storage))
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw TestSetupError("a server instance stopped before it listened") }
                clients.append(APIClient(port: port, http: http, harness: self))
            }
            let value = try await body(clients)
            try await Self.stop(running, http: http)
            return value
        } catch {
            try? await Self.stop(running, http: http)
            throw error
        }
    }

    private static func stop(_ running: [(group: ServiceGroup, task: Task<Void, any Error>, storage: ServerStorage)], http: HTTPClient) async throws {
        for instance in running { await instance.group.triggerGracefulShutdown() }
        for instance in running {
            try await instance.task.value
            try await instance.storage.close()
        }
        try await http.shutdown()
    }

    /// Assigns a seeker to a counselor straight in the database, as `followup-server admin assign` does.
    func assign(_ seeker: String, to counselor: String) async throws {
        let storage = try await openStorage(logger: Self.adminLogger)
        let accounts = AccountService(storage: storage, bcryptCost: 4, tokenLifetime: configuration.tokenLifetime, now: { Date() })
        do {
            _ = try await accounts.assign(seeker: seeker, to: counselor)
            try await storage.close()
        } catch {
            try? await storage.close()
            throw error
        }
    }
}
