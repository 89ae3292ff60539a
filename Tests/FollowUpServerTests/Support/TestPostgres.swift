import FollowUpServer
import Foundation
import Logging
import PostgresNIO
import Testing

/// The throwaway PostgreSQL cluster the tests use (`scripts/test` starts one with
/// `scripts/postgres` and names it in `FOLLOWUP_TEST_POSTGRES`), and which backend the server
/// suite runs on (`FOLLOWUP_TEST_BACKEND=postgres`; SQLite otherwise).
///
/// A test that needs PostgreSQL and finds no cluster fails, saying how to start one.
enum TestPostgres {
    /// Whether the server suite runs on PostgreSQL in this run.
    static var isBackend: Bool { ProcessInfo.processInfo.environment["FOLLOWUP_TEST_BACKEND"] == "postgres" }

    /// The cluster's URL, with a user allowed to create databases.
    static func clusterURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["FOLLOWUP_TEST_POSTGRES"], !url.isEmpty else {
            throw TestSetupError(
                "FOLLOWUP_TEST_POSTGRES is not set: run the tests with scripts/test, or start a cluster with `scripts/postgres start DIR` and export the URL it prints"
            )
        }
        return url
    }

    /// The URL of a database named `name` on the cluster.
    static func url(database name: String) throws -> String {
        let cluster = try PostgresSettings(url: clusterURL())
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = cluster.username
        components.password = cluster.password
        components.host = cluster.host
        components.port = cluster.port
        components.path = "/" + name
        components.queryItems = [URLQueryItem(name: "sslmode", value: cluster.tls.rawValue)]
        guard let url = components.string else { throw TestSetupError("cannot make a URL for database \(name)") }
        return url
    }

    /// A fresh, empty database on the cluster (named after `seed`); returns its URL.
    static func createDatabase(
        named name: String = "followup_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    )
        async throws -> String
    {
        try await onCluster { client in
            let rows = try await client.query("SELECT 1 FROM pg_database WHERE datname = \(name)")
            var exists = false
            for try await _ in rows.decode(Int32.self) { exists = true }
            if !exists { try await client.query("CREATE DATABASE \(unescaped: name)") }
        }
        return try url(database: name)
    }

    /// Runs `body` with a client on the cluster's own database.
    static func onCluster<Result: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> Result) async throws -> Result {
        try await onDatabase(try clusterURL(), body)
    }

    /// Runs `body` with a client on the database at `url`.
    static func onDatabase<Result: Sendable>(
        _ url: String,
        _ body: @escaping @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let settings = try PostgresSettings(url: url)
        // run() starts beside the first query; the client's warning about that is noise here.
        var quiet = Logger(label: "test-postgres")
        quiet.logLevel = .error
        let client = PostgresClient(
            configuration: .init(
                host: settings.host,
                port: settings.port,
                username: settings.username,
                password: settings.password,
                database: settings.database,
                tls: .disable
            ),
            backgroundLogger: quiet
        )
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Trait where Self == ConditionTrait {
    /// For a test of what only the SQLite backend has (its file, its migrations, its backup).
    static var sqliteOnly: Self {
        .enabled(if: !TestPostgres.isBackend, "tests the SQLite data directory itself; the PostgreSQL run has its own tests")
    }
}
