import FollowUpCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL side of the sync benchmark: a fresh database per server, and the physical
/// baseline there — the same records written with `COPY` in one transaction, what storing them in
/// PostgreSQL costs with nothing else around.
enum BenchPostgres {
    /// A new empty database on the cluster at `cluster` (a `postgres://` URL whose user may create
    /// databases); returns its URL.
    static func createDatabase(on cluster: String) async throws -> String {
        guard var url = URLComponents(string: cluster) else { throw BenchError("cannot read the PostgreSQL URL") }
        let name = "followup_bench_" + UUID().uuidString.prefix(8).lowercased()
        try await withClient(cluster) { client in
            try await client.query("CREATE DATABASE \(unescaped: name)")
        }
        url.path = "/" + name
        guard let made = url.string else { throw BenchError("cannot make a URL for \(name)") }
        return made
    }

    /// Writes `records` into a new table of the database at `url` with one `COPY … FROM STDIN` in
    /// one transaction; returns how long the copy and commit took.
    static func copy(_ records: [BenchRecord], into url: String) async throws -> Duration {
        let seeker = UUID().uuidString.lowercased()
        return try await withClient(url) { client in
            try await client.withConnection { connection in
                let logger = Logger(label: "bench-copy")
                try await connection.query(
                    """
                    CREATE TABLE baseline_records (id uuid PRIMARY KEY, seeker uuid, company text, role text, interview_date date,
                    kind text, due_date date, status text, notes text)
                    """,
                    logger: logger
                )
                var text = ""
                text.reserveCapacity(records.count * 420)
                for record in records {
                    let fields = [
                        record.interview.uuidString.lowercased(), seeker, record.company, record.position, record.date.description, record.kind,
                        record.due.description, record.status, record.notes,
                    ]
                    text += fields.map(escaped).joined(separator: "\t") + "\n"
                }
                let rows = text
                return try await ContinuousClock().measure {
                    try await connection.query("BEGIN", logger: logger)
                    try await connection.copyFrom(table: "baseline_records", logger: logger) { writer in
                        try await writer.write(ByteBuffer(string: rows))
                    }
                    try await connection.query("COMMIT", logger: logger)
                }
            }
        }
    }

    /// A value in COPY's text format.
    private static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    private static func withClient<Result: Sendable>(
        _ url: String,
        _ body: @escaping @Sendable (PostgresClient) async throws -> Result
    )
        async throws -> Result
    {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw BenchError("expected postgres://USER[:PASSWORD]@HOST:PORT/DATABASE")
        }
        // run() starts beside the first query; the client's warning about that is noise here.
        var quiet = Logger(label: "bench-postgres")
        quiet.logLevel = .error
        let client = PostgresClient(
            configuration: .init(
                host: host,
                port: components.port ?? 5432,
                username: user,
                password: components.password,
                database: String(components.path.dropFirst()),
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
