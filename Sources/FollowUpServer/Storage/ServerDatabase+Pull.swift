import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB

/// One page of a pull, as stored: entity states as their stored JSON, ready to be sent as they are.
struct PullPage: Sendable {
    var entities: [Data]
    var cursor: Cursor
    var hasMore: Bool
    var removedOwners: [UUID]
    var people: [AccountInfo]
    var replicas: [ReplicaInfo]
}

extension ServerDatabase {
    /// The next page for `viewer` after `cursor`, read from one consistent snapshot.
    ///
    /// Each visible entity is delivered at its *delivery number*: its last change's sequence number,
    /// or, if the viewer's grant on its owner started later (a new assignment), the grant's. Pages
    /// follow delivery numbers (then entity ids), so a cursor never skips anything, and a new
    /// assignment delivers the seeker's existing records at once. The last page also carries the
    /// owners the viewer lost and, when it changed, the people directory.
    func pull(viewer: UUID, after cursor: Cursor, limit: Int) async throws -> PullPage {
        try await pool.read { db in
            let high = try db.currentSequence()
            guard cursor.position <= high, cursor.directory <= high else {
                throw APIError(
                    .staleCursor,
                    detail: "the cursor is ahead of this server's data (it was probably restored from a backup); pull again without a cursor")
            }
            let viewerID = viewer.lowercased
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.id AS id, e.last_seq AS dseq
                    FROM grants g JOIN entities e ON e.owner_id = g.owner_id
                    WHERE g.viewer_id = :viewer AND g.until_seq IS NULL AND g.since_seq < :p
                      AND e.last_seq > :p AND e.last_seq <= :high
                    UNION ALL
                    SELECT e.id AS id, MAX(e.last_seq, g.since_seq) AS dseq
                    FROM grants g JOIN entities e ON e.owner_id = g.owner_id
                    WHERE g.viewer_id = :viewer AND g.until_seq IS NULL AND g.since_seq >= :p AND g.since_seq <= :high
                      AND e.last_seq <= :high
                      AND (MAX(e.last_seq, g.since_seq) > :p OR (MAX(e.last_seq, g.since_seq) = :p AND e.id > :tie))
                    ORDER BY dseq, id
                    LIMIT :limit
                    """,
                arguments: [
                    "viewer": viewerID, "p": cursor.position, "high": high, "tie": cursor.tie?.lowercased ?? "", "limit": limit + 1,
                ])
            let hasMore = rows.count > limit
            let page = rows.prefix(limit)
            let ids = page.map { $0["id"] as String }
            var states: [String: Data] = [:]
            states.reserveCapacity(ids.count)
            let stateRows = try Row.fetchCursor(
                db, sql: "SELECT id, state FROM entities WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [jsonList(ids)])
            while let row = try stateRows.next() { states[row["id"]] = row["state"] }
            let entities = ids.compactMap { states[$0] }

            if hasMore, let last = page.last {
                let next = Cursor(
                    server: cursor.server, account: cursor.account, position: last["dseq"], tie: UUID(uuidString: last["id"]),
                    directory: cursor.directory)
                return PullPage(entities: entities, cursor: next, hasMore: true, removedOwners: [], people: [], replicas: [])
            }
            let removed = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT owner_id FROM grants
                    WHERE viewer_id = ? AND until_seq > ? AND until_seq <= ?
                      AND owner_id NOT IN (SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL)
                    """,
                arguments: [viewerID, cursor.directory, high, viewerID]
            ).compactMap { UUID(uuidString: $0) }
            let directory = try Self.directory(db, viewer: viewerID, since: cursor.directory, high: high)
            let next = Cursor(server: cursor.server, account: cursor.account, position: high, tie: nil, directory: high)
            return PullPage(
                entities: entities, cursor: next, hasMore: false, removedOwners: removed, people: directory.people,
                replicas: directory.replicas)
        }
    }

    /// The people a viewer deals with — itself, the owners it sees, and everyone who has had access
    /// to those owners — with their devices; empty when none of it changed since `since`.
    private static func directory(_ db: Database, viewer: String, since: Int64, high: Int64) throws -> (people: [AccountInfo], replicas: [ReplicaInfo]) {
        let related = """
            WITH visible AS (SELECT owner_id FROM grants WHERE viewer_id = :viewer AND until_seq IS NULL),
                 related AS (SELECT :viewer AS id UNION SELECT owner_id FROM visible
                             UNION SELECT viewer_id FROM grants WHERE owner_id IN (SELECT owner_id FROM visible))
            """
        if since > 0 {
            let changed = try Int.fetchOne(
                db,
                sql: related + """
                     SELECT 1 WHERE
                      EXISTS (SELECT 1 FROM accounts WHERE id IN (SELECT id FROM related) AND seq > :since AND seq <= :high)
                      OR EXISTS (SELECT 1 FROM replicas WHERE account_id IN (SELECT id FROM related) AND seq > :since AND seq <= :high)
                      OR EXISTS (SELECT 1 FROM grants WHERE (owner_id IN (SELECT id FROM related) OR viewer_id = :viewer)
                                 AND ((since_seq > :since AND since_seq <= :high) OR (until_seq > :since AND until_seq <= :high)))
                    """,
                arguments: ["since": since, "high": high, "viewer": viewer])
            if changed == nil { return ([], []) }
        }
        let people = try Row.fetchAll(
            db, sql: related + " SELECT \(StoredAccount.columns) FROM accounts WHERE id IN (SELECT id FROM related) ORDER BY username",
            arguments: ["viewer": viewer]
        ).compactMap(StoredAccount.init(row:)).map(\.info)
        let replicas = try Row.fetchAll(
            db,
            sql: related + " SELECT replica, account_id, device FROM replicas WHERE account_id IN (SELECT id FROM related) ORDER BY replica",
            arguments: ["viewer": viewer]
        ).compactMap { row -> ReplicaInfo? in
            guard let replica = ReplicaID(hex: row["replica"] as String), let account = UUID(uuidString: row["account_id"]) else { return nil }
            return ReplicaInfo(replica: replica, account: account, device: row["device"])
        }
        return (people, replicas)
    }
}
