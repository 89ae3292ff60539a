import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

/// A real server on a real SQLite file in a fresh temporary directory — or, in the suite's
/// PostgreSQL run (``TestPostgres``), on a fresh database of the test cluster — served over
/// loopback HTTP through AsyncHTTPClient (HummingbirdTesting's `.ahc` mode).
struct ServerHarness {
    let directory: URL
    var configuration: ServerConfiguration
    let clock: TestClock

    /// The password every test account gets.
    static let password = "correct horse battery"

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("followup-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory.path
        configuration.port = 0
        configuration.bcryptCost = 4
        if TestPostgres.isBackend {
            configuration.databaseURL = try TestPostgres.url(
                database: "followup_test_" + directory.lastPathComponent.suffix(32).lowercased().replacingOccurrences(of: "-", with: "")
            )
        }
        configure(&configuration)
        self.configuration = configuration
        clock = TestClock()
    }

    /// Runs `body` against a freshly started server on this harness's data directory; the server
    /// stops when `body` returns, so calling this twice is a restart.
    func withServer<Value: Sendable>(_ body: @Sendable (APIClient) async throws -> Value) async throws -> Value {
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        let storage = try await openStorage(logger: logger)
        let clock = clock
        let app = try await FollowUpServer.makeApplication(
            configuration: configuration,
            storage: storage,
            logger: logger,
            now: { clock.now() }
        )
        do {
            let value = try await app.test(.ahc(.http)) { client in
                try await body(APIClient(client: client, harness: self))
            }
            try await storage.close()
            return value
        } catch {
            try? await storage.close()
            throw error
        }
    }

    /// The start of most tests: a fresh harness with one seeker, Ana, logged in to a running server.
    /// `body` gets the harness (for its clock and change factories), the client, Ana's token and her
    /// account; the data directory is removed afterwards.
    static func withSeeker(
        _ body: @Sendable (_ harness: ServerHarness, _ api: APIClient, _ token: String, _ ana: AccountInfo) async throws -> Void
    ) async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            try await body(harness, api, try await api.login("ana"), ana)
        }
    }

    /// The start of the administration tests: a fresh harness with an admin, root, and `accounts`,
    /// and a running server. `body` gets the harness, the client, root's token and the accounts by
    /// username; the data directory is removed afterwards.
    static func withAdmin(
        and accounts: [(username: String, role: Role)] = [("ana", .seeker)],
        _ body: @Sendable (_ harness: ServerHarness, _ api: APIClient, _ admin: String, _ accounts: [String: AccountInfo]) async throws -> Void
    ) async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("root", role: .admin)
        var created: [String: AccountInfo] = [:]
        for (username, role) in accounts { created[username] = try await harness.createAccount(username, role: role) }
        let infos = created
        try await harness.withServer { api in
            try await body(harness, api, try await api.login("root"), infos)
        }
    }

    /// Creates an account straight in the database, as `followup-server admin create-account` does.
    func createAccount(_ username: String, role: Role, displayName: String? = nil) async throws -> AccountInfo {
        let storage = try await openStorage(logger: Self.adminLogger)
        let accounts = AccountService(storage: storage, bcryptCost: 4, tokenLifetime: configuration.tokenLifetime, now: { Date() })
        do {
            let account = try await accounts.createAccount(
                CreateAccountRequest(username: username, password: Self.password, role: role, displayName: displayName)
            )
            try await storage.close()
            return account
        } catch {
            try? await storage.close()
            throw error
        }
    }

    /// A change factory for a new replica, stamping changes on this harness's clock (which the
    /// server's clock guard also reads).
    func changeFactory(replica: UInt64 = UInt64.random(in: 1...UInt64.max)) -> ChangeFactory {
        let clock = clock
        return ChangeFactory(replica: replica, wall: { clock.millis })
    }

    /// The logger of what the tests do as an operator would: warnings only (a new database's
    /// migration notice would be logged for every test).
    static var adminLogger: Logger {
        var logger = Logger(label: "test-admin")
        logger.logLevel = .warning
        return logger
    }

    /// The storage the configuration names, its database created on first use.
    func openStorage(logger: Logger) async throws -> ServerStorage {
        let location = try configuration.databaseLocation()
        if case .postgres(let settings) = location { _ = try await TestPostgres.createDatabase(named: settings.database) }
        return try await ServerStorage.open(location, logger: logger)
    }

    /// The environment a `followup-server` child process needs to reach this harness's data
    /// beside `--data` (the database URL, in the PostgreSQL run).
    var processEnvironment: [String: String] {
        configuration.databaseURL.map { ["FOLLOWUP_DATABASE_URL": $0] } ?? [:]
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
