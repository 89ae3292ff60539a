import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import GRDB

/// A seeker whose records a signed-in user may see, as the web page lists them.
struct VisibleOwner: Sendable, Hashable {
    var id: UUID
    var username: String
    var displayName: String
}

extension SQLiteStore {
    /// The owners `viewer` may see now (itself, for a seeker), by display name.
    func visibleOwners(viewer: UUID) async throws -> [VisibleOwner] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, username, display_name FROM accounts
                        WHERE id IN (SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL)
                        ORDER BY display_name, username
                        """
                ),
                arguments: [viewer.lowercased]
            ).map { row in
                VisibleOwner(id: try UUID.stored(row[0], in: "accounts.id"), username: row[1], displayName: row[2])
            }
        }
    }

    /// Every record of these owners, decoded, from one snapshot.
    func states(owners: [UUID]) async throws -> [EntityState] {
        guard !owners.isEmpty else { return [] }
        return try await pool.read { db in
            try Self.decodedStates(
                db.cachedStatement(sql: "SELECT id, state FROM entities WHERE owner_id IN (SELECT value FROM json_each(?))"),
                arguments: [jsonList(owners.map(\.lowercased))]
            )
        }
    }

    /// The states a query selects as `id, state`, decoded; a row that does not decode is reported
    /// as damaged, never skipped.
    static func decodedStates(_ statement: Statement, arguments: StatementArguments) throws -> [EntityState] {
        var states: [EntityState] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            let data: Data = row[1]
            do {
                states.append(try EntityState.decode(json: data))
            } catch {
                throw StorageError.corrupt("record \(row[0] as String) could not be read: \(error)")
            }
        }
        return states
    }

    /// One record, if it exists.
    func state(of id: UUID) async throws -> EntityState? {
        try await pool.read { db in
            guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT state FROM entities WHERE id = ?"), arguments: [id.lowercased]) else {
                return nil
            }
            do {
                return try EntityState.decode(json: data)
            } catch {
                throw StorageError.corrupt("record \(id.lowercased) could not be read: \(error)")
            }
        }
    }

    /// Every account with the seekers assigned to each counselor, for the admin's page.
    func accountsWithCaseloads() async throws -> [(account: AccountInfo, seekers: [String])] {
        try await pool.read { db in
            let accounts = try Row.fetchAll(db, sql: "SELECT \(StoredAccount.columns) FROM accounts ORDER BY username").map(StoredAccount.init(row:))
            var seekers: [String: [String]] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT g.viewer_id, a.username FROM grants g JOIN accounts a ON a.id = g.owner_id
                    WHERE g.until_seq IS NULL AND g.viewer_id != g.owner_id ORDER BY a.username
                    """
            )
            for row in rows { seekers[row[0] as String, default: []].append(row[1]) }
            return accounts.map { ($0.info, seekers[$0.id.lowercased] ?? []) }
        }
    }
}

extension SQLiteStore {
    /// Who writes as each replica id (display name and device), for a record's history.
    func replicaAuthors(_ replicas: Set<ReplicaID>) async throws -> [ReplicaID: ReplicaAuthor] {
        guard !replicas.isEmpty else { return [:] }
        return try await pool.read { db in
            var authors: [ReplicaID: ReplicaAuthor] = [:]
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT r.replica, a.display_name, r.device, r.account_id FROM replicas r JOIN accounts a ON a.id = r.account_id
                        WHERE r.replica IN (SELECT value FROM json_each(?))
                        """
                ),
                arguments: [jsonList(replicas.map(\.description))]
            )
            for row in rows {
                let text: String = row[0]
                guard let replica = ReplicaID(hex: text) else {
                    throw StorageError.corrupt("replicas.replica \"\(text.prefix(20))\" is not a replica id")
                }
                authors[replica] = ReplicaAuthor(account: try UUID.stored(row[3], in: "replicas.account_id"), name: row[1], device: row[2])
            }
            return authors
        }
    }
}

extension SQLiteStore {
    /// The greatest sequence number among each owner's records (owners without records are left
    /// out): what changes whenever any of their records does, so a summary made at it is current.
    func lastSequences(owners: [UUID]) async throws -> [UUID: Int64] {
        guard !owners.isEmpty else { return [:] }
        return try await pool.read { db in
            var sequences: [UUID: Int64] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT o.value, (SELECT MAX(last_seq) FROM entities WHERE owner_id = o.value)
                        FROM json_each(?) o
                        """
                ),
                arguments: [jsonList(owners.map(\.lowercased))]
            )
            while let row = try rows.next() {
                guard let seq: Int64 = row[1] else { continue }
                sequences[try UUID.stored(row[0], in: "entities.owner_id")] = seq
            }
            return sequences
        }
    }
}
