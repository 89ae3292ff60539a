import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import GRDB

/// One page of a pull, as stored: entity states as their stored JSON, ready to be sent as they are.
struct PullPage: Sendable {
    var entities: [Data]
    /// With updates asked for: the part made after the cursor of records the client holds.
    var updates: [Data]?
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
    ///
    /// With `updates`, a record the viewer holds is sent as only the part made by changes that arrived
    /// after its last completed pull (``Arrivals``), in `updates`. That pull's end — the cursor's
    /// `directory`, not its `position` — is what the client is known to hold: a pull in pages
    /// delivers each record at its last change, so a cursor between two pages is past records the
    /// client has not been sent yet. After a completed pull ending at sequence number D, the client
    /// holds every write that arrived by D of every record it may see, since each record's last
    /// change was at most D when the last page read it.
    func pull(viewer: UUID, after cursor: Cursor, limit: Int, updates: Bool = false) async throws -> PullPage {
        try await pool.read { db in
            let high = try db.currentSequence()
            guard cursor.position <= high, cursor.directory <= high else {
                throw StorageError.aheadOfData(
                    "the cursor is ahead of this server's data (it was probably restored from a backup): push again what it may lack (SPEC §6.2), then pull without a cursor"
                )
            }
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
            var entities: [Data] = []
            entities.reserveCapacity(ids.count)
            var partials: [Data] = []
            for candidate in page.prefix(limit) {
                guard let stored = states[candidate.id] else { throw StorageError.corrupt("entity \(candidate.id) is listed but has no state") }
                guard updates, candidate.held, let arrivals = stored.arrivals else {
                    entities.append(stored.state)
                    continue
                }
                switch try Self.update(stored.state, arrivals: arrivals, after: cursor.directory, record: candidate.id) {
                case .whole: entities.append(stored.state)
                case .part(let part): partials.append(part)
                case .nothing: continue
                }
            }
            let sentUpdates = updates ? partials : nil

            if hasMore, let last = page.prefix(limit).last {
                let next = Cursor(
                    server: cursor.server,
                    epoch: cursor.epoch,
                    account: cursor.account,
                    position: last.seq,
                    tie: UUID(text: last.id),
                    directory: cursor.directory
                )
                return PullPage(entities: entities, updates: sentUpdates, cursor: next, hasMore: true, removedOwners: [], people: [], replicas: [])
            }
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
            let next = Cursor(server: cursor.server, epoch: cursor.epoch, account: cursor.account, position: high, tie: nil, directory: high)
            return PullPage(
                entities: entities,
                updates: sentUpdates,
                cursor: next,
                hasMore: false,
                removedOwners: removed,
                people: directory.people,
                replicas: directory.replicas
            )
        }
    }

    /// What of a record a client that holds its writes up to `position` is sent.
    private enum Update {
        /// All of it: every change it shows arrived after the position (the client cannot hold it).
        case whole
        /// The part made after the position, encoded.
        case part(Data)
        /// Nothing: what arrived after the position left no trace (a value let go at once).
        case nothing
    }

    private static func update(_ stored: Data, arrivals blob: Data, after position: Int64, record: String) throws -> Update {
        let arrivals = try Arrivals(stored: blob, record: record)
        let new = arrivals.stamps(after: position)
        if new.count == arrivals.sequence.count { return .whole }
        let state: EntityState
        do {
            state = try EntityState.decode(json: stored)
        } catch {
            throw StorageError.corrupt("record \(record) could not be read: \(error)")
        }
        guard let part = state.restricted(to: new) else { return .nothing }
        return .part(part.jsonData)
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
    ) throws -> [(seq: Int64, id: String, held: Bool)] {
        let grants = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT owner_id, since_seq FROM grants WHERE viewer_id = ? AND until_seq IS NULL AND since_seq <= ?"),
            arguments: [viewer, high]
        )
        var candidates: [(seq: Int64, id: String, held: Bool)] = []
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
            while let row = try changed.next() { candidates.append((row[0], row[1], held)) }
            guard since >= cursor.position else { continue }
            let tie = since == cursor.position ? (cursor.tie?.lowercased ?? "") : ""
            let older = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT id FROM entities WHERE owner_id = ? AND last_seq <= ? AND id > ? ORDER BY id LIMIT ?"),
                arguments: [owner, since, tie, limit]
            )
            while let row = try older.next() { candidates.append((since, row[0], false)) }
        }
        candidates.sort { ($0.seq, $0.id) < ($1.seq, $1.id) }
        return Array(candidates.prefix(limit))
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
