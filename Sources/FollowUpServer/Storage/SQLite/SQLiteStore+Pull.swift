import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import GRDB

extension SQLiteStore {
    /// The next page for `viewer` after `cursor`, read from one read transaction (a WAL snapshot);
    /// ``PullRecords`` has the rules both backends follow.
    func pull(viewer: UUID, after cursor: Cursor, limit: Int, updates: Bool = false) async throws -> PullPage {
        try await pool.read { db in
            let high = try db.currentSequence()
            guard cursor.position <= high, cursor.directory <= high else { throw PullRecords.aheadOfData }
            let viewerID = viewer.lowercased
            let page = try Self.pageIDs(db, viewer: viewerID, after: cursor, high: high, limit: limit + 1)
            let hasMore = page.count > limit
            let ids = page.prefix(limit).map(\.id)
            var states: [String: (state: Data, arrivals: Data?)] = [:]
            states.reserveCapacity(ids.count)
            let stateRows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT id, state, arrivals FROM entities WHERE id IN (SELECT value FROM json_each(?))"),
                arguments: [jsonList(ids)]
            )
            while let row = try stateRows.next() { states[row[0]] = (row[1], row[2]) }
            let records = try PullRecords.assemble(page.prefix(limit), stored: states, after: cursor.directory, updates: updates)
            if hasMore, let last = page.prefix(limit).last { return .more(records, after: cursor, last: last) }
            let removed = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT DISTINCT owner_id FROM grants
                        WHERE viewer_id = ? AND until_seq > ? AND until_seq <= ?
                          AND owner_id NOT IN (SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL)
                        """
                ),
                arguments: [viewerID, cursor.directory, high, viewerID]
            ).map { try UUID.stored($0, in: "grants.owner_id") }
            let directory = try Self.directory(db, viewer: viewerID, since: cursor.directory, high: high)
            return .last(records, after: cursor, high: high, removed: removed, directory: directory)
        }
    }

    /// The ids of the next `limit` entities after the cursor, in delivery order.
    ///
    /// For each grant of the viewer, two index range scans: entities changed after both the grant
    /// and the cursor (delivered at their own sequence number), and — when the grant is newer than
    /// the cursor — the owner's older entities (delivered at the grant's number, by id). Each scan
    /// stops after `limit` rows, and the lists are merged: a page costs what it returns, not what
    /// the server holds.
    ///
    /// `held` marks the records the viewer holds: changed since, on a grant that began before the
    /// cursor's last completed pull ended (its `directory`), so that pull delivered them.
    private static func pageIDs(
        _ db: Database,
        viewer: String,
        after cursor: Cursor,
        high: Int64,
        limit: Int
    ) throws -> [PullCandidate] {
        let grants = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT owner_id, since_seq FROM grants WHERE viewer_id = ? AND until_seq IS NULL AND since_seq <= ?"),
            arguments: [viewer, high]
        )
        var candidates: [PullCandidate] = []
        for grant in grants {
            let owner: String = grant[0]
            let since: Int64 = grant[1]
            let changed = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT last_seq, id FROM entities WHERE owner_id = ? AND last_seq > ? AND last_seq <= ? ORDER BY last_seq LIMIT ?"
                ),
                arguments: [owner, max(since, cursor.position), high, limit]
            )
            let held = since < cursor.directory
            while let row = try changed.next() { candidates.append(PullCandidate(seq: row[0], id: row[1], held: held)) }
            guard since >= cursor.position else { continue }
            let tie = since == cursor.position ? (cursor.tie?.lowercased ?? "") : ""
            let older = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT id FROM entities WHERE owner_id = ? AND last_seq <= ? AND id > ? ORDER BY id LIMIT ?"),
                arguments: [owner, since, tie, limit]
            )
            while let row = try older.next() { candidates.append(PullCandidate(seq: since, id: row[0], held: false)) }
        }
        return PullCandidate.first(limit, of: candidates)
    }

    /// The people a viewer deals with — itself, the owners it sees, and everyone who has had access
    /// to those owners — with their devices; empty when none of it changed since `since`.
    private static func directory(
        _ db: Database,
        viewer: String,
        since: Int64,
        high: Int64
    ) throws -> (people: [AccountInfo], replicas: [ReplicaInfo]) {
        let related = """
            WITH visible AS (SELECT owner_id FROM grants WHERE viewer_id = :viewer AND until_seq IS NULL),
                 related AS (SELECT :viewer AS id UNION SELECT owner_id FROM visible
                             UNION SELECT viewer_id FROM grants WHERE owner_id IN (SELECT owner_id FROM visible))
            """
        if since > 0 {
            let changed = try Int.fetchOne(
                db.cachedStatement(
                    sql: related + """
                         SELECT 1 WHERE
                          EXISTS (SELECT 1 FROM accounts WHERE id IN (SELECT id FROM related) AND seq > :since AND seq <= :high)
                          OR EXISTS (SELECT 1 FROM replicas WHERE account_id IN (SELECT id FROM related) AND seq > :since AND seq <= :high)
                          OR EXISTS (SELECT 1 FROM grants WHERE (owner_id IN (SELECT id FROM related) OR viewer_id = :viewer)
                                     AND ((since_seq > :since AND since_seq <= :high) OR (until_seq > :since AND until_seq <= :high)))
                        """
                ),
                arguments: ["since": since, "high": high, "viewer": viewer]
            )
            if changed == nil { return ([], []) }
        }
        let people = try Row.fetchAll(
            db.cachedStatement(
                sql: related + " SELECT \(StoredAccount.columns) FROM accounts WHERE id IN (SELECT id FROM related) ORDER BY username"
            ),
            arguments: ["viewer": viewer]
        ).map(StoredAccount.init(row:)).map(\.info)
        let replicas = try Row.fetchAll(
            db.cachedStatement(
                sql: related + " SELECT replica, account_id, device FROM replicas WHERE account_id IN (SELECT id FROM related) ORDER BY replica"
            ),
            arguments: ["viewer": viewer]
        ).map { row in
            guard let replica = ReplicaID(hex: row["replica"] as String) else {
                throw StorageError.corrupt("replicas.replica holds \"\(row["replica"] as String)\", not 16 hex digits")
            }
            return ReplicaInfo(replica: replica, account: try UUID.stored(row["account_id"], in: "replicas.account_id"), device: row["device"])
        }
        return (people, replicas)
    }
}
