import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB

extension SQLiteStore {
    /// Gives `account` a new feed token hash, replacing (and so revoking) any earlier one.
    func replaceCalendarFeed(account: UUID, tokenHash: String, now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (account_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
                    """,
                arguments: [account.lowercased, tokenHash, now.timeIntervalSince1970]
            )
        }
    }

    /// Revokes the account's feed; answers whether it had one.
    func revokeCalendarFeed(account: UUID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM calendar_feeds WHERE account_id = ?", arguments: [account.lowercased])
            return db.changesCount > 0
        }
    }

    /// The account whose feed has this token hash; `nil` for a token that is unknown, revoked, or
    /// whose account is disabled.
    func calendarFeedAccount(tokenHash: String) async throws -> AccountInfo? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(StoredAccount.columns) FROM accounts
                        WHERE id = (SELECT account_id FROM calendar_feeds WHERE token_hash = ?) AND disabled = 0
                        """
                ),
                arguments: [tokenHash]
            ).map { try StoredAccount(row: $0).info }
        }
    }

    /// The interviews, interviewers and follow-ups of these owners, decoded, from one snapshot.
    func calendarStates(owners: [UUID]) async throws -> [EntityState] {
        guard !owners.isEmpty else { return [] }
        return try await pool.read { db in
            try Self.decodedStates(
                db.cachedStatement(
                    sql: """
                        SELECT id, state FROM entities
                        WHERE type IN ('interview', 'interviewer', 'follow-up') AND owner_id IN (SELECT value FROM json_each(?))
                        """
                ),
                arguments: [jsonList(owners.map(\.lowercased))]
            )
        }
    }
}
