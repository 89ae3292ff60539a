import FollowUpCore
import FollowUpProtocol
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    func assign(counselor: UUID, seeker: UUID) async throws -> Bool {
        let logger = logger
        return try await transaction { connection in
            // The sequence lock first: it also orders concurrent assignments of the same pair.
            let seq = try await connection.nextSequence(logger: logger)
            let rows = try await connection.query(
                """
                INSERT INTO grants (viewer_id, owner_id, since_seq) VALUES (\(counselor), \(seeker), \(seq))
                ON CONFLICT (viewer_id, owner_id) WHERE until_seq IS NULL DO NOTHING RETURNING since_seq
                """,
                logger: logger
            )
            for try await _ in rows.decode(Int64.self) { return true }
            // Nothing began: give the number back so no pull sees an empty event.
            try await connection.query("UPDATE sequence SET value = value - 1 WHERE id = 1", logger: logger)
            return false
        }
    }

    func unassign(counselor: UUID, seeker: UUID) async throws -> Bool {
        let logger = logger
        return try await transaction { connection in
            let seq = try await connection.nextSequence(logger: logger)
            let rows = try await connection.query(
                """
                UPDATE grants SET until_seq = \(seq) WHERE viewer_id = \(counselor) AND owner_id = \(seeker) AND until_seq IS NULL
                RETURNING since_seq
                """,
                logger: logger
            )
            for try await _ in rows.decode(Int64.self) { return true }
            try await connection.query("UPDATE sequence SET value = value - 1 WHERE id = 1", logger: logger)
            return false
        }
    }

    func caseload(counselor: UUID) async throws -> [StoredAccount] {
        let logger = logger
        let columns = Self.accountColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        return try await withConnection { connection in
            try await Self.accounts(
                connection.query(
                    """
                    SELECT \(unescaped: columns) FROM grants g JOIN accounts a ON a.id = g.owner_id
                    WHERE g.viewer_id = \(counselor) AND g.until_seq IS NULL AND g.owner_id != g.viewer_id
                    ORDER BY a.username
                    """,
                    logger: logger
                )
            )
        }
    }

    func accountsWithCaseloads() async throws -> [(account: AccountInfo, seekers: [String])] {
        let logger = logger
        let (accounts, seekers) = try await snapshot { connection in
            let accounts = try await Self.accounts(
                connection.query("SELECT \(unescaped: Self.accountColumns) FROM accounts ORDER BY username", logger: logger)
            )
            var seekers: [UUID: [String]] = [:]
            for try await (viewer, username) in try await connection.query(
                """
                SELECT g.viewer_id, a.username FROM grants g JOIN accounts a ON a.id = g.owner_id
                WHERE g.until_seq IS NULL AND g.viewer_id != g.owner_id ORDER BY a.username
                """,
                logger: logger
            ).decode((UUID, String).self) {
                seekers[viewer, default: []].append(username)
            }
            return (accounts, seekers)
        }
        return accounts.map { ($0.info, seekers[$0.id] ?? []) }
    }

    func visibleOwners(viewer: UUID) async throws -> [VisibleOwner] {
        let logger = logger
        return try await withConnection { connection in
            var owners: [VisibleOwner] = []
            for try await (id, username, name) in try await connection.query(
                """
                SELECT id, username, display_name FROM accounts
                WHERE id IN (SELECT owner_id FROM grants WHERE viewer_id = \(viewer) AND until_seq IS NULL)
                ORDER BY display_name, username
                """,
                logger: logger
            ).decode((UUID, String, String).self) {
                owners.append(VisibleOwner(id: id, username: username, displayName: name))
            }
            return owners
        }
    }

    func replicaAuthors(_ replicas: Set<ReplicaID>) async throws -> [ReplicaID: ReplicaAuthor] {
        guard !replicas.isEmpty else { return [:] }
        let logger = logger
        let rows = try await withConnection { connection in
            var rows: [(String, String, String, UUID)] = []
            for try await row in try await connection.query(
                """
                SELECT r.replica, a.display_name, r.device, r.account_id FROM replicas r JOIN accounts a ON a.id = r.account_id
                WHERE r.replica = ANY(\(replicas.map(\.description)))
                """,
                logger: logger
            ).decode((String, String, String, UUID).self) {
                rows.append(row)
            }
            return rows
        }
        var authors: [ReplicaID: ReplicaAuthor] = [:]
        for (text, name, device, account) in rows {
            guard let replica = ReplicaID(hex: text) else {
                throw StorageError.corrupt("replicas.replica \"\(text.prefix(20))\" is not a replica id")
            }
            authors[replica] = ReplicaAuthor(account: account, name: name, device: device)
        }
        return authors
    }

    // MARK: Calendar feeds

    func replaceCalendarFeed(account: UUID, tokenHash: String, now: Date) async throws {
        let logger = logger
        try await withConnection { connection in
            try await connection.query(
                """
                INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES (\(account), \(tokenHash), \(now.timeIntervalSince1970))
                ON CONFLICT (account_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
                """,
                logger: logger
            )
            return ()
        }
    }

    func revokeCalendarFeed(account: UUID) async throws -> Bool {
        let logger = logger
        return try await withConnection { connection in
            let rows = try await connection.query("DELETE FROM calendar_feeds WHERE account_id = \(account) RETURNING account_id", logger: logger)
            for try await _ in rows.decode(UUID.self) { return true }
            return false
        }
    }

    func calendarFeedAccount(tokenHash: String) async throws -> AccountInfo? {
        let logger = logger
        return try await withConnection { connection in
            try await Self.accounts(
                connection.query(
                    """
                    SELECT \(unescaped: Self.accountColumns) FROM accounts
                    WHERE id = (SELECT account_id FROM calendar_feeds WHERE token_hash = \(tokenHash)) AND NOT disabled
                    """,
                    logger: logger
                )
            ).first?.info
        }
    }
}
