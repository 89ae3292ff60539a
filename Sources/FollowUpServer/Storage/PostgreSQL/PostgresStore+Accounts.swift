import FollowUpCore
import FollowUpProtocol
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    static let accountColumns = "id, username, display_name, role, password_hash, disabled, created_at, seq"
    static let tokenColumns = "id, account_id, device, created_at, last_used_at, expires_at, revoked_at, replica"

    /// The accounts a query selects as ``accountColumns``.
    static func accounts(_ rows: PostgresRowSequence) async throws -> [StoredAccount] {
        var accounts: [StoredAccount] = []
        for try await (id, username, name, role, hash, disabled, created, seq) in rows.decode(
            (UUID, String, String, String, String, Bool, Double, Int64).self
        ) {
            accounts.append(
                try StoredAccount(
                    id: id,
                    username: username,
                    displayName: name,
                    role: role,
                    passwordHash: hash,
                    disabled: disabled,
                    createdAt: Date(timeIntervalSince1970: created),
                    seq: seq
                )
            )
        }
        return accounts
    }

    /// The tokens a query selects as ``tokenColumns``.
    static func tokens(_ rows: PostgresRowSequence) async throws -> [StoredToken] {
        var tokens: [StoredToken] = []
        for try await (id, account, device, created, used, expires, revoked, replica) in rows.decode(
            (UUID, UUID, String, Double, Double?, Double, Double?, String?).self
        ) {
            tokens.append(
                try StoredToken(
                    id: id,
                    accountID: account,
                    device: device,
                    createdAt: Date(timeIntervalSince1970: created),
                    lastUsedAt: used.map { Date(timeIntervalSince1970: $0) },
                    expiresAt: Date(timeIntervalSince1970: expires),
                    revokedAt: revoked.map { Date(timeIntervalSince1970: $0) },
                    replica: replica
                )
            )
        }
        return tokens
    }

    static func account(id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> StoredAccount? {
        try await accounts(connection.query("SELECT \(unescaped: accountColumns) FROM accounts WHERE id = \(id)", logger: logger)).first
    }

    func createAccount(
        id: UUID,
        username: String,
        displayName: String,
        role: Role,
        passwordHash: String,
        now: Date
    ) async throws
        -> StoredAccount
    {
        let logger = logger
        let created = try await transaction { connection in
            let seq = try await connection.nextSequence(logger: logger)
            let inserted = try await connection.query(
                """
                INSERT INTO accounts (id, username, display_name, role, password_hash, disabled, created_at, seq)
                VALUES (\(id), \(username), \(displayName), \(role.rawValue), \(passwordHash), false, \(now.timeIntervalSince1970), \(seq))
                ON CONFLICT (username) DO NOTHING RETURNING id
                """,
                logger: logger
            )
            var made = false
            for try await _ in inserted.decode(UUID.self) { made = true }
            guard made else { throw StorageError.alreadyExists("an account named \"\(username)\" already exists") }
            if role == .seeker {
                try await connection.query("INSERT INTO grants (viewer_id, owner_id, since_seq) VALUES (\(id), \(id), \(seq))", logger: logger)
            }
            return try await Self.account(id: id, on: connection, logger: logger)
        }
        guard let created else { throw StorageError.corrupt("the new account \(username) could not be read back") }
        return created
    }

    func account(username: String) async throws -> StoredAccount? {
        let logger = logger
        return try await withConnection { connection in
            try await Self.accounts(
                connection.query("SELECT \(unescaped: Self.accountColumns) FROM accounts WHERE username = \(username)", logger: logger)
            ).first
        }
    }

    func account(id: UUID) async throws -> StoredAccount? {
        let logger = logger
        return try await withConnection { connection in try await Self.account(id: id, on: connection, logger: logger) }
    }

    func accounts() async throws -> [StoredAccount] {
        let logger = logger
        return try await withConnection { connection in
            try await Self.accounts(connection.query("SELECT \(unescaped: Self.accountColumns) FROM accounts ORDER BY username", logger: logger))
        }
    }

    func hasAdmin() async throws -> Bool {
        let logger = logger
        return try await withConnection { connection in
            let rows = try await connection.query("SELECT 1 FROM accounts WHERE role = 'admin' AND NOT disabled LIMIT 1", logger: logger)
            for try await _ in rows.decode(Int32.self) { return true }
            return false
        }
    }

    func updateAccount(username: String, passwordHash: String?, displayName: String?, disabled: Bool?) async throws -> StoredAccount? {
        let logger = logger
        return try await transaction { connection in
            let found = try await Self.accounts(
                connection.query("SELECT \(unescaped: Self.accountColumns) FROM accounts WHERE username = \(username) FOR UPDATE", logger: logger)
            ).first
            guard let account = found else { return nil }
            if let passwordHash {
                try await connection.query("UPDATE accounts SET password_hash = \(passwordHash) WHERE id = \(account.id)", logger: logger)
            }
            let newName = displayName ?? account.displayName
            let newDisabled = disabled ?? account.disabled
            if newName != account.displayName || newDisabled != account.disabled {
                let seq = try await connection.nextSequence(logger: logger)
                try await connection.query(
                    "UPDATE accounts SET display_name = \(newName), disabled = \(newDisabled), seq = \(seq) WHERE id = \(account.id)",
                    logger: logger
                )
            }
            return try await Self.account(id: account.id, on: connection, logger: logger)
        }
    }

    // MARK: Tokens

    func insertToken(
        id: UUID,
        accountID: UUID,
        device: String,
        replica: ReplicaID?,
        hash: String,
        createdAt: Date,
        expiresAt: Date
    )
        async throws -> StoredToken?
    {
        let logger = logger
        return try await withConnection { connection in
            try await Self.tokens(
                connection.query(
                    """
                    INSERT INTO tokens (id, account_id, device, token_hash, created_at, expires_at, replica)
                    VALUES (\(id), \(accountID), \(device), \(hash), \(createdAt.timeIntervalSince1970), \(expiresAt.timeIntervalSince1970),
                            \(replica?.description))
                    RETURNING \(unescaped: Self.tokenColumns)
                    """,
                    logger: logger
                )
            ).first
        }
    }

    func token(hash: String) async throws -> (StoredToken, StoredAccount)? {
        let logger = logger
        return try await withConnection { connection in
            guard
                let token = try await Self.tokens(
                    connection.query("SELECT \(unescaped: Self.tokenColumns) FROM tokens WHERE token_hash = \(hash)", logger: logger)
                ).first,
                let account = try await Self.account(id: token.accountID, on: connection, logger: logger)
            else { return nil }
            return (token, account)
        }
    }

    func touchToken(id: UUID, at now: Date) async throws {
        let logger = logger
        try await withConnection { connection in
            try await connection.query("UPDATE tokens SET last_used_at = \(now.timeIntervalSince1970) WHERE id = \(id)", logger: logger)
            return ()
        }
    }

    func revokeToken(id: UUID, accountID: UUID, at now: Date) async throws -> Bool {
        let logger = logger
        return try await withConnection { connection in
            let rows = try await connection.query(
                """
                UPDATE tokens SET revoked_at = COALESCE(revoked_at, \(now.timeIntervalSince1970))
                WHERE id = \(id) AND account_id = \(accountID) RETURNING id
                """,
                logger: logger
            )
            var found = false
            for try await _ in rows.decode(UUID.self) { found = true }
            return found
        }
    }

    func devices(accountID: UUID) async throws -> [StoredToken] {
        let logger = logger
        return try await withConnection { connection in
            try await Self.tokens(
                connection.query(
                    "SELECT \(unescaped: Self.tokenColumns) FROM tokens WHERE account_id = \(accountID) ORDER BY created_at",
                    logger: logger
                )
            )
        }
    }

    func accountOfReplica(_ replica: ReplicaID) async throws -> UUID? {
        let logger = logger
        return try await withConnection { connection in
            let rows = try await connection.query("SELECT account_id FROM replicas WHERE replica = \(replica.description)", logger: logger)
            for try await account in rows.decode(UUID.self) { return account }
            return nil
        }
    }

    // MARK: Failed logins

    /// As ``SQLiteStore``'s: the rows are locked (`FOR UPDATE`, after inserting any missing) so
    /// concurrent attempts on several instances count one after another.
    func admitLoginAttempt(_ throttles: [LoginThrottle], at now: Date, forgetBefore: Date) async throws -> LoginAdmission {
        let logger = logger
        return try await transaction { connection in
            let keys = throttles.map(\.key)
            try await connection.query(
                """
                DELETE FROM login_failures
                WHERE last_failure < \(forgetBefore.timeIntervalSince1970) AND blocked_until < \(now.timeIntervalSince1970)
                """,
                logger: logger
            )
            // The rows are written anyway: made first, so that they can be locked.
            try await connection.query(
                """
                INSERT INTO login_failures (username, failures, blocked_until, last_failure)
                SELECT unnest(\(keys)::text[]), 0, 0, \(now.timeIntervalSince1970) ON CONFLICT (username) DO NOTHING
                """,
                logger: logger
            )
            var rows: [String: (failures: Int, until: Double)] = [:]
            for try await (key, failures, until) in try await connection.query(
                "SELECT username, failures, blocked_until FROM login_failures WHERE username = ANY(\(keys)) ORDER BY username FOR UPDATE",
                logger: logger
            ).decode((String, Int32, Double).self) {
                rows[key] = (Int(failures), until)
            }
            var blockedUntil: Date?
            for throttle in throttles {
                let until = Date(timeIntervalSince1970: rows[throttle.key]?.until ?? 0)
                if until > now { blockedUntil = max(blockedUntil ?? until, until) }
            }
            if let blockedUntil { return .blocked(until: blockedUntil) }
            for throttle in throttles {
                try await Self.store((rows[throttle.key]?.failures ?? 0) + 1, for: throttle, at: now, on: connection, logger: logger)
            }
            return .admitted
        }
    }

    func settleSuccessfulLogin(clearing: [LoginThrottle], forgiving: [LoginThrottle], at now: Date) async throws {
        let logger = logger
        try await transaction { connection in
            try await connection.query("DELETE FROM login_failures WHERE username = ANY(\(clearing.map(\.key)))", logger: logger)
            for throttle in forgiving {
                var failures: Int?
                for try await count in try await connection.query(
                    "SELECT failures FROM login_failures WHERE username = \(throttle.key) FOR UPDATE",
                    logger: logger
                ).decode(Int32.self) {
                    failures = Int(count)
                }
                guard let failures else { continue }
                if failures <= 1 {
                    try await connection.query("DELETE FROM login_failures WHERE username = \(throttle.key)", logger: logger)
                } else {
                    try await Self.store(failures - 1, for: throttle, at: now, on: connection, logger: logger)
                }
            }
            return ()
        }
    }

    private static func store(
        _ failures: Int,
        for throttle: LoginThrottle,
        at now: Date,
        on connection: PostgresConnection,
        logger: Logger
    )
        async throws
    {
        let seconds = throttle.delay(failures)
        let until = seconds > 0 ? now.addingTimeInterval(seconds).timeIntervalSince1970 : 0
        try await connection.query(
            """
            INSERT INTO login_failures (username, failures, blocked_until, last_failure)
            VALUES (\(throttle.key), \(Int32(clamping: failures)), \(until), \(now.timeIntervalSince1970))
            ON CONFLICT (username) DO UPDATE SET
                failures = excluded.failures, blocked_until = excluded.blocked_until, last_failure = excluded.last_failure
            """,
            logger: logger
        )
    }
}
