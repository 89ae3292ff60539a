import FollowUpCore
import FollowUpProtocol
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

extension PostgresStore {
    /// The next page for `viewer` after `cursor`, read from one `REPEATABLE READ` snapshot;
    /// ``PullRecords`` has the rules both backends follow. The snapshot's sequence value is `high`,
    /// and the sequence lock (``PostgresStore``) makes every number up to it visible in the snapshot.
    func pull(viewer: UUID, after cursor: Cursor, limit: Int, updates: Bool) async throws -> PullPage {
        let logger = logger
        return try await snapshot { connection in
            let high = try await connection.currentSequence(logger: logger)
            guard cursor.position <= high, cursor.directory <= high else { throw PullRecords.aheadOfData }
            let page = try await Self.pageIDs(connection, viewer: viewer, after: cursor, high: high, limit: limit + 1, logger: logger)
            let hasMore = page.count > limit
            let ids = page.prefix(limit).map(\.id)
            var states: [String: (state: Data, arrivals: Data?)] = [:]
            states.reserveCapacity(ids.count)
            if !ids.isEmpty {
                for try await (id, state, arrivals) in try await connection.query(
                    "SELECT id::text, state, arrivals FROM entities WHERE id = ANY(\(ids)::uuid[])",
                    logger: logger
                ).decode((String, ByteBuffer, ByteBuffer?).self) {
                    states[id] = (Data(buffer: state), arrivals.map { Data(buffer: $0) })
                }
            }
            let records = try PullRecords.assemble(page.prefix(limit), stored: states, after: cursor.directory, updates: updates)
            if hasMore, let last = page.prefix(limit).last { return .more(records, after: cursor, last: last) }
            var removed: [UUID] = []
            for try await owner in try await connection.query(
                """
                SELECT DISTINCT owner_id FROM grants
                WHERE viewer_id = \(viewer) AND until_seq > \(cursor.directory) AND until_seq <= \(high)
                  AND owner_id NOT IN (SELECT owner_id FROM grants WHERE viewer_id = \(viewer) AND until_seq IS NULL)
                """,
                logger: logger
            ).decode(UUID.self) {
                removed.append(owner)
            }
            let directory = try await Self.directory(connection, viewer: viewer, since: cursor.directory, high: high, logger: logger)
            return .last(records, after: cursor, high: high, removed: removed, directory: directory)
        }
    }

    /// The next `limit` records after the cursor, in delivery order: for each of the viewer's grants
    /// (one `LATERAL` join, one round trip), the owner's records changed after both the grant and
    /// the cursor, and — when the grant is newer than the cursor — the owner's older records at the
    /// grant's number, each scan stopping after `limit` rows.
    private static func pageIDs(
        _ connection: PostgresConnection,
        viewer: UUID,
        after cursor: Cursor,
        high: Int64,
        limit: Int,
        logger: Logger
    ) async throws -> [PullCandidate] {
        var candidates: [PullCandidate] = []
        for try await (seq, id, held) in try await connection.query(
            """
            SELECT c.seq, c.id::text, c.held
            FROM (SELECT owner_id, since_seq FROM grants WHERE viewer_id = \(viewer) AND until_seq IS NULL AND since_seq <= \(high)) g
            CROSS JOIN LATERAL (
                (SELECT e.last_seq AS seq, e.id, g.since_seq < \(cursor.directory) AS held FROM entities e
                 WHERE e.owner_id = g.owner_id AND e.last_seq > GREATEST(g.since_seq, \(cursor.position)) AND e.last_seq <= \(high)
                 ORDER BY e.last_seq LIMIT \(limit))
                UNION ALL
                (SELECT g.since_seq, e.id, false FROM entities e
                 WHERE g.since_seq >= \(cursor.position) AND e.owner_id = g.owner_id AND e.last_seq <= g.since_seq
                   AND (g.since_seq > \(cursor.position) OR \(cursor.tie)::uuid IS NULL OR e.id > \(cursor.tie)::uuid)
                 ORDER BY e.id LIMIT \(limit))
            ) c
            ORDER BY c.seq, c.id LIMIT \(limit)
            """,
            logger: logger
        ).decode((Int64, String, Bool).self) {
            candidates.append(PullCandidate(seq: seq, id: id, held: held))
        }
        return PullCandidate.first(limit, of: candidates)
    }

    /// The people a viewer deals with — itself, the owners it sees, and everyone who has had access
    /// to those owners — with their devices; empty when none of it changed since `since`.
    private static func directory(
        _ connection: PostgresConnection,
        viewer: UUID,
        since: Int64,
        high: Int64,
        logger: Logger
    ) async throws -> (people: [AccountInfo], replicas: [ReplicaInfo]) {
        // $1 the viewer, $2 `since`, $3 `high`, as in every query below.
        var binds = PostgresBindings()
        binds.append(viewer)
        binds.append(since)
        binds.append(high)
        let related = """
            WITH visible AS (SELECT owner_id FROM grants WHERE viewer_id = $1 AND until_seq IS NULL),
                 related AS (SELECT $1::uuid AS id UNION SELECT owner_id FROM visible
                             UNION SELECT viewer_id FROM grants WHERE owner_id IN (SELECT owner_id FROM visible))
            """
        if since > 0 {
            let changed =
                related + """
                     SELECT 1 WHERE
                      EXISTS (SELECT 1 FROM accounts WHERE id IN (SELECT id FROM related) AND seq > $2 AND seq <= $3)
                      OR EXISTS (SELECT 1 FROM replicas WHERE account_id IN (SELECT id FROM related) AND seq > $2 AND seq <= $3)
                      OR EXISTS (SELECT 1 FROM grants WHERE (owner_id IN (SELECT id FROM related) OR viewer_id = $1)
                                 AND ((since_seq > $2 AND since_seq <= $3) OR (until_seq > $2 AND until_seq <= $3)))
                    """
            var found = false
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: changed, binds: binds), logger: logger).decode(Int32.self) {
                found = true
            }
            if !found { return ([], []) }
        }
        // Only $1 from here on: a statement must use every parameter it is given.
        var viewerOnly = PostgresBindings()
        viewerOnly.append(viewer)
        let people = related + " SELECT \(accountColumns) FROM accounts WHERE id IN (SELECT id FROM related) ORDER BY username"
        let accounts = try await Self.accounts(connection.query(PostgresQuery(unsafeSQL: people, binds: viewerOnly), logger: logger))
        let replicas =
            related + " SELECT replica, account_id, device FROM replicas WHERE account_id IN (SELECT id FROM related) ORDER BY replica"
        var devices: [ReplicaInfo] = []
        for try await (text, account, device) in try await connection.query(PostgresQuery(unsafeSQL: replicas, binds: viewerOnly), logger: logger)
            .decode((String, UUID, String).self)
        {
            guard let replica = ReplicaID(hex: text) else {
                throw StorageError.corrupt("replicas.replica holds \"\(text.prefix(20))\", not 16 hex digits")
            }
            devices.append(ReplicaInfo(replica: replica, account: account, device: device))
        }
        return (accounts.map(\.info), devices)
    }
}
