import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, one migration per release (a released one is never edited), applied at
/// start under an advisory lock: when five instances start together, one migrates and the others
/// wait, then find nothing left to do.
enum PostgresMigrations {
    /// The lock's key: "FollowUp" in ASCII, a number no other application is likely to take.
    static let lockKey: Int64 = 0x466F_6C6C_6F77_5570

    static let all: [(name: String, sql: String)] = [
        (
            "v1",
            """
            CREATE TABLE server_meta (key text PRIMARY KEY, value text NOT NULL);
            INSERT INTO server_meta (key, value) VALUES ('server_id', gen_random_uuid()::text), ('epoch', gen_random_uuid()::text);
            CREATE TABLE sequence (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL);
            INSERT INTO sequence (id, value) VALUES (1, 0);

            CREATE TABLE accounts (
                id uuid PRIMARY KEY,
                username text NOT NULL UNIQUE,
                display_name text NOT NULL,
                role text NOT NULL CHECK (role IN ('admin', 'counselor', 'seeker')),
                password_hash text NOT NULL,
                disabled boolean NOT NULL DEFAULT false,
                created_at double precision NOT NULL,
                seq bigint NOT NULL
            );

            CREATE TABLE tokens (
                id uuid PRIMARY KEY,
                account_id uuid NOT NULL REFERENCES accounts(id),
                device text NOT NULL,
                token_hash text NOT NULL UNIQUE,
                created_at double precision NOT NULL,
                last_used_at double precision,
                expires_at double precision NOT NULL,
                revoked_at double precision,
                replica text
            );
            CREATE INDEX tokens_account ON tokens(account_id);

            -- Who may see and write whose records (see the SQLite schema): an ended grant keeps
            -- its row, until_seq set, so that a pull can tell the client to drop those records.
            CREATE TABLE grants (
                viewer_id uuid NOT NULL REFERENCES accounts(id),
                owner_id uuid NOT NULL REFERENCES accounts(id),
                since_seq bigint NOT NULL,
                until_seq bigint,
                PRIMARY KEY (viewer_id, owner_id, since_seq)
            );
            CREATE UNIQUE INDEX grants_active ON grants(viewer_id, owner_id) WHERE until_seq IS NULL;
            CREATE INDEX grants_owner ON grants(owner_id);

            -- The merged state of every entity, as the wire form of EntityState, and when each
            -- stamp it shows arrived.
            CREATE TABLE entities (
                id uuid PRIMARY KEY,
                owner_id uuid NOT NULL REFERENCES accounts(id),
                type text NOT NULL,
                last_seq bigint NOT NULL,
                state bytea NOT NULL,
                arrivals bytea
            );
            CREATE INDEX entities_owner_seq ON entities(owner_id, last_seq);
            CREATE INDEX entities_owner_id ON entities(owner_id, id);

            -- The fate of every change id pushed: what makes a retried push a no-op.
            CREATE TABLE change_fates (
                change_id uuid PRIMARY KEY,
                seq bigint,
                code text,
                message text,
                field text,
                digest bigint,
                recorded_day bigint NOT NULL
            );

            CREATE TABLE replicas (
                replica text PRIMARY KEY,
                account_id uuid NOT NULL REFERENCES accounts(id),
                device text NOT NULL,
                seq bigint NOT NULL,
                first_seen double precision NOT NULL
            );
            CREATE INDEX replicas_account ON replicas(account_id);

            CREATE TABLE login_failures (
                username text PRIMARY KEY,
                failures integer NOT NULL,
                blocked_until double precision NOT NULL
            );

            CREATE TABLE calendar_feeds (
                account_id uuid PRIMARY KEY REFERENCES accounts(id),
                token_hash text NOT NULL UNIQUE,
                created_at double precision NOT NULL
            );
            """
        ),
        (
            "v2-login-failure-times",
            """
            ALTER TABLE login_failures ADD COLUMN last_failure double precision NOT NULL DEFAULT 0;
            CREATE INDEX login_failures_last ON login_failures(last_failure);
            """
        ),
    ]

    /// Applies the migrations not yet applied, each in its own transaction, holding the advisory
    /// lock throughout; returns the names applied now.
    @discardableResult
    static func run(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            let applied = try await apply(on: connection, logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            return applied
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
    }

    /// A migration's statements: postgres-nio sends each query as a prepared statement, which
    /// holds one command. (The scripts hold no `;` but at the ends of statements.)
    static func statements(of script: String) -> [String] {
        script.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { chunk in
            chunk.split(separator: "\n").contains { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
        }
    }

    private static func apply(on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            logger: logger
        )
        var done: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger).decode(String.self) {
            done.insert(name)
        }
        var applied: [String] = []
        for migration in all where !done.contains(migration.name) {
            try await connection.query("BEGIN", logger: logger)
            do {
                for statement in statements(of: migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            logger.notice("database migrated: \(migration.name)")
            applied.append(migration.name)
        }
        return applied
    }
}
