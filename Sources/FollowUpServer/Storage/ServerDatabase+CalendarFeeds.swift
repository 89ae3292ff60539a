import FollowUpCore
import FollowUpWire
import Foundation
import GRDB

/// What a calendar feed serves: the records its account may see, and the names of their owners.
struct FeedContent: Sendable {
    var account: StoredAccount
    var states: [EntityState]
    /// Owner id → display name, for each owner other than the account itself.
    var ownerNames: [UUID: String]
}

extension ServerDatabase {
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

    /// The records behind the feed with this token hash, from one snapshot; `nil` for a token that
    /// is unknown, revoked, or whose account is disabled.
    func calendarFeed(tokenHash: String) async throws -> FeedContent? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT \(StoredAccount.columns) FROM accounts
                            WHERE id = (SELECT account_id FROM calendar_feeds WHERE token_hash = ?) AND disabled = 0
                            """
                    ),
                    arguments: [tokenHash]
                )
            else { return nil }
            let account = try StoredAccount(row: row)
            let viewer = account.id.lowercased
            let states = try Self.decodedStates(
                db.cachedStatement(
                    sql: """
                        SELECT id, state FROM entities
                        WHERE type IN ('interview', 'interviewer', 'follow-up')
                          AND owner_id IN (SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL)
                        """
                ),
                arguments: [viewer]
            )
            var names: [UUID: String] = [:]
            let owners = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, display_name FROM accounts
                        WHERE id IN (SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL) AND id != ?
                        """
                ),
                arguments: [viewer, viewer]
            )
            for owner in owners { names[try UUID.stored(owner[0], in: "accounts.id")] = owner[1] }
            return FeedContent(account: account, states: states, ownerNames: names)
        }
    }
}
