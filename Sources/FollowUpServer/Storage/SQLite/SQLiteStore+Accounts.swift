import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB

extension SQLiteStore {
    /// Creates an account; a seeker also gets the grant on their own records.
    func createAccount(
        id: UUID = UUID(),
        username: String,
        displayName: String,
        role: Role,
        passwordHash: String,
        now: Date
    ) async throws -> StoredAccount {
        let created = try await pool.write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE username = ?", arguments: [username]) != nil {
                throw StorageError.alreadyExists("an account named \"\(username)\" already exists")
            }
            let seq = try db.nextSequence()
            try db.execute(
                sql: """
                    INSERT INTO accounts (id, username, display_name, role, password_hash, disabled, created_at, seq)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                    """,
                arguments: [id.lowercased, username, displayName, role.rawValue, passwordHash, now.timeIntervalSince1970, seq]
            )
            if role == .seeker {
                try db.execute(
                    sql: "INSERT INTO grants (viewer_id, owner_id, since_seq) VALUES (?, ?, ?)",
                    arguments: [id.lowercased, id.lowercased, seq]
                )
            }
            return try Self.fetchAccount(db, sql: "id = ?", id.lowercased)
        }
        guard let created else { throw StorageError.corrupt("the new account \(username) could not be read back") }
        return created
    }

    func account(username: String) async throws -> StoredAccount? {
        try await pool.read { db in try Self.fetchAccount(db, sql: "username = ?", username) }
    }

    func account(id: UUID) async throws -> StoredAccount? {
        try await pool.read { db in try Self.fetchAccount(db, sql: "id = ?", id.lowercased) }
    }

    func accounts() async throws -> [StoredAccount] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(StoredAccount.columns) FROM accounts ORDER BY username").map(StoredAccount.init(row:))
        }
    }

    func hasAdmin() async throws -> Bool {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE role = 'admin' AND disabled = 0 LIMIT 1") != nil
        }
    }

    /// Changes the given members of an account; `nil` when there is no such account.
    func updateAccount(username: String, passwordHash: String?, displayName: String?, disabled: Bool?) async throws -> StoredAccount? {
        try await pool.write { db in
            guard let account = try Self.fetchAccount(db, sql: "username = ?", username) else { return nil }
            if let passwordHash {
                try db.execute(sql: "UPDATE accounts SET password_hash = ? WHERE id = ?", arguments: [passwordHash, account.id.lowercased])
            }
            let newName = displayName ?? account.displayName
            let newDisabled = disabled ?? account.disabled
            if newName != account.displayName || newDisabled != account.disabled {
                let seq = try db.nextSequence()
                try db.execute(
                    sql: "UPDATE accounts SET display_name = ?, disabled = ?, seq = ? WHERE id = ?",
                    arguments: [newName, newDisabled, seq, account.id.lowercased]
                )
            }
            return try Self.fetchAccount(db, sql: "id = ?", account.id.lowercased)
        }
    }

    static func fetchAccount(_ db: Database, sql condition: String, _ value: String) throws -> StoredAccount? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(StoredAccount.columns) FROM accounts WHERE \(condition)"), arguments: [value])
            .map(StoredAccount.init(row:))
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
    ) async throws -> StoredToken? {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tokens (id, account_id, device, token_hash, created_at, expires_at, replica)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id.lowercased, accountID.lowercased, device, hash, createdAt.timeIntervalSince1970, expiresAt.timeIntervalSince1970,
                    replica?.description,
                ]
            )
            return try Row.fetchOne(db, sql: "SELECT \(StoredToken.columns) FROM tokens WHERE id = ?", arguments: [id.lowercased])
                .map(StoredToken.init(row:))
        }
    }

    /// The token with this hash and its account.
    func token(hash: String) async throws -> (StoredToken, StoredAccount)? {
        try await pool.read { db in
            guard
                let token = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT \(StoredToken.columns) FROM tokens WHERE token_hash = ?"),
                    arguments: [hash]
                )
                .map(StoredToken.init(row:)),
                let account = try Self.fetchAccount(db, sql: "id = ?", token.accountID.lowercased)
            else { return nil }
            return (token, account)
        }
    }

    func touchToken(id: UUID, at now: Date) async throws {
        try await pool.write { db in
            try db.cachedStatement(sql: "UPDATE tokens SET last_used_at = ? WHERE id = ?").execute(arguments: [
                now.timeIntervalSince1970, id.lowercased,
            ])
        }
    }

    /// Revokes one of an account's tokens; `false` when it has no such token.
    func revokeToken(id: UUID, accountID: UUID, at now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND account_id = ?",
                arguments: [now.timeIntervalSince1970, id.lowercased, accountID.lowercased]
            )
            return db.changesCount > 0
        }
    }

    func devices(accountID: UUID) async throws -> [StoredToken] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(StoredToken.columns) FROM tokens WHERE account_id = ? ORDER BY created_at",
                arguments: [accountID.lowercased]
            ).map(StoredToken.init(row:))
        }
    }

    /// The account whose device first pushed changes stamped with `replica`, if any did.
    func accountOfReplica(_ replica: ReplicaID) async throws -> UUID? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT account_id FROM replicas WHERE replica = ?", arguments: [replica.description])
                .map { try UUID.stored($0, in: "replicas.account_id") }
        }
    }

    // MARK: Failed logins

    func admitLoginAttempt(_ throttles: [LoginThrottle], at now: Date, forgetBefore: Date) async throws -> LoginAdmission {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM login_failures WHERE last_failure < ? AND blocked_until < ?",
                arguments: [forgetBefore.timeIntervalSince1970, now.timeIntervalSince1970]
            )
            var blockedUntil: Date?
            var counts: [Int] = []
            for throttle in throttles {
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT failures, blocked_until FROM login_failures WHERE username = ?",
                    arguments: [throttle.key]
                )
                let until = Date(timeIntervalSince1970: row?["blocked_until"] ?? 0)
                if until > now { blockedUntil = max(blockedUntil ?? until, until) }
                counts.append((row?["failures"] ?? 0) + 1)
            }
            if let blockedUntil { return .blocked(until: blockedUntil) }
            for (throttle, failures) in zip(throttles, counts) {
                try Self.store(failures, for: throttle, at: now, in: db)
            }
            return .admitted
        }
    }

    func settleSuccessfulLogin(clearing: [LoginThrottle], forgiving: [LoginThrottle], at now: Date) async throws {
        try await pool.write { db in
            for throttle in clearing {
                try db.execute(sql: "DELETE FROM login_failures WHERE username = ?", arguments: [throttle.key])
            }
            for throttle in forgiving {
                guard let failures = try Int.fetchOne(db, sql: "SELECT failures FROM login_failures WHERE username = ?", arguments: [throttle.key])
                else { continue }
                if failures <= 1 {
                    try db.execute(sql: "DELETE FROM login_failures WHERE username = ?", arguments: [throttle.key])
                } else {
                    try Self.store(failures - 1, for: throttle, at: now, in: db)
                }
            }
        }
    }

    /// Stores `failures` for the throttle, blocking it for the delay that many failures earn.
    private static func store(_ failures: Int, for throttle: LoginThrottle, at now: Date, in db: Database) throws {
        let seconds = throttle.delay(failures)
        // No block at all while attempts are free (a zero-length block could still compare as
        // "later" after a round trip through floating-point seconds).
        let until = seconds > 0 ? now.addingTimeInterval(seconds) : Date(timeIntervalSince1970: 0)
        try db.execute(
            sql: """
                INSERT INTO login_failures (username, failures, blocked_until, last_failure) VALUES (?, ?, ?, ?)
                ON CONFLICT (username) DO UPDATE SET
                    failures = excluded.failures, blocked_until = excluded.blocked_until, last_failure = excluded.last_failure
                """,
            arguments: [throttle.key, failures, until.timeIntervalSince1970, now.timeIntervalSince1970]
        )
    }
}
