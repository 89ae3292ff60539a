import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import FollowUpTestSupport
import Foundation
import Glibc
import HTTPTypes
import Logging
import PostgresNIO
import Testing

/// What only the PostgreSQL backend has: instances that learn of each other's commits, migrations
/// that run once however many instances start together, and its errors. They run in the main test
/// pass and need the test cluster (`FOLLOWUP_TEST_POSTGRES`); without it they fail.
extension PostgresAndScaleOut {
    @Suite("PostgreSQL backend", .serialized, .timeLimit(.minutes(5)))
    struct PostgresOnlyTests {
        /// A harness on a fresh database of the test cluster.
        static func harness() throws -> ServerHarness {
            var harness = try ServerHarness()
            harness.configuration.databaseURL = try TestPostgres.url(database: "followup_pg_" + UUID().uuidString.prefix(8).lowercased())
            return harness
        }

        @Test("a long poll on instance A answers within a second of a push accepted by instance B, also after A's listening connection is killed")
        func liveUpdatesAcrossInstances() async throws {
            let harness = try Self.harness()
            defer { harness.remove() }
            let ana = try await harness.createAccount("ana", role: .seeker)
            try await harness.withInstances(2) { instances in
                let (a, b) = (instances[0], instances[1])
                let tokenA = try await a.login("ana", device: "laptop")
                let tokenB = try await b.login("ana", device: "phone")
                var factory = harness.changeFactory()
                var cursor = try await a.pullAll(token: tokenA).last?.cursor

                for round in 1...2 {
                    if round == 2 {
                        // Kill the connection instance A listens on: it must listen again by itself.
                        let killed = try await Self.terminateListeners(database: try #require(harness.configuration.databaseURL))
                        #expect(killed >= 2, "both instances listen")
                        try await Task.sleep(for: .seconds(2))
                        let listening = try await Self.listeners(database: try #require(harness.configuration.databaseURL))
                        #expect(listening >= 2, "both instances listen again by themselves")
                    }
                    let change = factory.interview(owner: ana.id, company: "Round \(round)")
                    let from = cursor
                    async let poll = Self.timedPoll(a, token: tokenA, cursor: from)
                    try await Task.sleep(for: .milliseconds(500))
                    let pushedAt = ContinuousClock.now
                    try await b.pushAccepted([change], token: tokenB)
                    let (page, answeredAt) = try await poll
                    cursor = page.cursor
                    #expect(page.entities.contains { $0.id == change.entity }, "round \(round): the poll returned the change")
                    let delay = answeredAt - pushedAt
                    #expect(delay < .seconds(1), "round \(round): answered \(delay) after the push")
                }
            }
        }

        /// A long poll (up to 20 s) and when it was answered.
        private static func timedPoll(_ api: APIClient, token: String, cursor: String?) async throws -> (PullResponse, ContinuousClock.Instant) {
            let reply = try await api.pull(token: token, cursor: cursor, wait: 20)
            let answered = ContinuousClock.now
            #expect(reply.status == 200, "\(reply.text)")
            return (try reply.page(), answered)
        }

        /// How many connections of `database` are listening (their last statement a LISTEN, still open).
        static func listeners(database url: String) async throws -> Int {
            let name = try PostgresSettings(url: url).database
            return try await TestPostgres.onCluster { client in
                var count = 0
                for try await _ in try await client.query(
                    "SELECT pid FROM pg_stat_activity WHERE datname = \(name) AND query ILIKE 'LISTEN%' AND state = 'idle'"
                ).decode(Int32.self) {
                    count += 1
                }
                return count
            }
        }

        /// Terminates every connection of `database` whose last statement was a LISTEN; returns how many.
        static func terminateListeners(database url: String) async throws -> Int {
            let name = try PostgresSettings(url: url).database
            return try await TestPostgres.onCluster { client in
                var killed = 0
                for try await done in try await client.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = \(name) AND query ILIKE 'LISTEN%'
                    """
                ).decode(Bool.self) where done {
                    killed += 1
                }
                return killed
            }
        }

        @Test("five instances starting together on a new database migrate it once and agree on its ids")
        func concurrentMigrations() async throws {
            let url = try await TestPostgres.createDatabase()
            let settings = try PostgresSettings(url: url)
            let logger = Logger(label: "test-migrations")
            let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        let storage = try await ServerStorage.open(.postgres(settings), logger: logger)
                        let id = storage.serverID
                        try await storage.close()
                        return id
                    }
                }
                return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
            }
            #expect(ids.count == 1, "every instance reads the same server id")
            let migrations = try await TestPostgres.onDatabase(url) { client in
                var names: [String] = []
                for try await name in try await client.query("SELECT name FROM schema_migrations ORDER BY name").decode(String.self) {
                    names.append(name)
                }
                return names
            }
            #expect(migrations == ["v1", "v2-login-failure-times"], "each migration applied once")
        }

        @Test("a wrong password, an unknown database and a closed port are one-line errors naming what failed, never the password")
        func openErrors() async throws {
            let cluster = try PostgresSettings(url: try TestPostgres.clusterURL())
            let cases: [(url: String, says: String)] = [
                (
                    "postgres://\(cluster.username):not-the-password@\(cluster.host):\(cluster.port)/\(cluster.database)?sslmode=disable",
                    "password authentication failed"
                ),
                (
                    "postgres://\(cluster.username):\(cluster.password ?? "")@\(cluster.host):\(cluster.port)/no_such_database?sslmode=disable",
                    "does not exist"
                ),
                ("postgres://\(cluster.username):hunter2@127.0.0.1:1/followup?sslmode=disable", "refused"),
            ]
            for (url, says) in cases {
                let result = try await ChildProcess.run("followup-server", ["serve", "--database", url, "--port", "0"])
                let output = result.output + result.error
                #expect(result.status != 0, "\(says): exits non-zero")
                #expect(output.contains(says), "\(output)")
                #expect(output.contains("cannot open the database postgres://"), "\(output)")
                #expect(
                    !output.contains("not-the-password") && !output.contains("hunter2") && !(cluster.password.map(output.contains) ?? false),
                    "\(output)"
                )
                #expect(output.split(separator: "\n").count == 1, "one line: \(output)")
            }
        }

        @Test(
            "the database stops while clients push: 503 with Retry-After, /healthz unhealthy; it comes back by itself; nothing acknowledged is lost, nothing applied twice"
        )
        func databaseGoesAway() async throws {
            let cluster = try await OwnCluster.start()
            var setup = try ServerHarness { configuration in configuration.databaseStatementTimeoutSeconds = 2 }
            setup.configuration.databaseURL = cluster.url
            let harness = setup
            defer { harness.remove() }
            do {
                let ana = try await harness.createAccount("ana", role: .seeker)
                try await harness.withInstances(1) { instances in
                    let api = instances[0]
                    let token = try await api.login("ana")
                    var factory = harness.changeFactory()
                    var pushed: Set<UUID> = []
                    var sequenceNumbers: [Int64] = []
                    var unavailable = 0
                    var sawUnhealthy = false
                    var restarted = false
                    for round in 0..<30 {
                        if round == 10 { try await cluster.stop() }
                        let batch = (0..<25).map { _ in factory.interview(owner: ana.id) }
                        // As a client does: the same batch again until it is answered.
                        var attempts = 0
                        while true {
                            attempts += 1
                            let reply = try await api.push(batch, token: token)
                            if reply.status == 200 {
                                let results = try reply.decode(PushResponse.self).results
                                #expect(results.allSatisfy { $0.status == .accepted })
                                sequenceNumbers += results.compactMap(\.seq)  // a duplicate answer carries the first number
                                pushed.formUnion(batch.map(\.entity))
                                break
                            }
                            #expect(reply.status == 503, "\(reply.text)")
                            #expect(reply.headers[.retryAfter] != nil, "503 says when to try again")
                            unavailable += 1
                            if !sawUnhealthy { sawUnhealthy = try await api.request(.get, "/healthz").status == 503 }
                            if unavailable == 3 && !restarted {
                                try await cluster.restart()
                                restarted = true
                            }
                            try #require(attempts < 60, "the server came back within 30 seconds of the database")
                            try await Task.sleep(for: .milliseconds(500))
                        }
                    }
                    #expect(unavailable > 0, "pushes were refused while the database was down")
                    #expect(sawUnhealthy, "/healthz said so meanwhile")
                    #expect(try await api.request(.get, "/healthz").status == 200, "healthy again")
                    let pages = try await api.pullAll(token: token, limit: 5_000)
                    let stored = Set(pages.flatMap(\.entities).map(\.id))
                    #expect(stored == pushed, "every acknowledged change is stored")
                    #expect(Set(sequenceNumbers).count == sequenceNumbers.count && sequenceNumbers.count == pushed.count, "each change applied once")
                }
                try await cluster.stop()
            } catch {
                try? await cluster.stop()
                throw error
            }
        }
    }
}

/// A PostgreSQL cluster of a test's own (`scripts/postgres`), which the test may stop and start.
struct OwnCluster: Sendable {
    let directory: String
    let port: Int
    let url: String

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/postgres").path
    }

    static func start() async throws -> OwnCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("followup-own-cluster-\(UUID().uuidString.prefix(8))").path
        let port = Int.random(in: 20_000...29_999)
        let url = try await run(["start", directory, String(port)])
        return OwnCluster(directory: directory, port: port, url: url.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func stop() async throws { _ = try await Self.run(["stop", directory]) }

    func restart() async throws { _ = try await Self.run(["start", directory, String(port)]) }

    /// Runs the script with its output in a file, waiting with `waitpid` on a thread of its own:
    /// the server it starts outlives it, and Foundation's `Process` can miss the script's exit then.
    private static func run(_ arguments: [String]) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("followup-cluster-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = (["/bin/bash", script] + arguments).map { "'\($0)'" }.joined(separator: " ") + " >'\(output)' 2>&1 </dev/null"
        let status = try await ChildProcess.onOwnThread { () -> Int32 in
            var pid: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (text: String) in strdup(text) } + [nil]
            defer { for argument in argv { free(argument) } }
            guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw TestSetupError("cannot run \(script)") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return status
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw TestSetupError("scripts/postgres \(arguments.joined(separator: " ")) failed (\(status)): \(text)") }
        return text
    }
}
