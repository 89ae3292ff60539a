import FollowUpCore
import FollowUpWire
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import PostgresNIO

extension PostgresStore {
    /// The states a query selects as `id, state`, decoded; a row that does not decode is reported
    /// as damaged, never skipped.
    static func decodedStates(_ rows: PostgresRowSequence) async throws -> [EntityState] {
        var states: [EntityState] = []
        for try await (id, bytes) in rows.decode((UUID, ByteBuffer).self) {
            do {
                states.append(try EntityState.decode(json: Data(buffer: bytes, byteTransferStrategy: .noCopy)))
            } catch {
                throw StorageError.corrupt("record \(id.lowercased) could not be read: \(error)")
            }
        }
        return states
    }

    func states(owners: [UUID]) async throws -> [EntityState] {
        guard !owners.isEmpty else { return [] }
        let logger = logger
        return try await withConnection { connection in
            try await Self.decodedStates(connection.query("SELECT id, state FROM entities WHERE owner_id = ANY(\(owners))", logger: logger))
        }
    }

    func calendarStates(owners: [UUID]) async throws -> [EntityState] {
        guard !owners.isEmpty else { return [] }
        let logger = logger
        return try await withConnection { connection in
            try await Self.decodedStates(
                connection.query(
                    """
                    SELECT id, state FROM entities
                    WHERE type IN ('interview', 'interviewer', 'follow-up') AND owner_id = ANY(\(owners))
                    """,
                    logger: logger
                )
            )
        }
    }

    func state(of id: UUID) async throws -> EntityState? {
        let logger = logger
        return try await withConnection { connection in
            try await Self.decodedStates(connection.query("SELECT id, state FROM entities WHERE id = \(id)", logger: logger)).first
        }
    }

    func lastSequences(owners: [UUID]) async throws -> [UUID: Int64] {
        guard !owners.isEmpty else { return [:] }
        let logger = logger
        return try await withConnection { connection in
            var sequences: [UUID: Int64] = [:]
            for try await (owner, seq) in try await connection.query(
                "SELECT owner_id, MAX(last_seq) FROM entities WHERE owner_id = ANY(\(owners)) GROUP BY owner_id",
                logger: logger
            ).decode((UUID, Int64).self) {
                sequences[owner] = seq
            }
            return sequences
        }
    }

    func digests(viewer: UUID) async throws -> [UUID: String] {
        let logger = logger
        let states = try await withConnection { connection in
            try await Self.decodedStates(
                connection.query(
                    """
                    SELECT id, state FROM entities
                    WHERE owner_id IN (SELECT owner_id FROM grants WHERE viewer_id = \(viewer) AND until_seq IS NULL)
                    """,
                    logger: logger
                )
            )
        }
        return Dictionary(states.map { ($0.id, $0.contentDigest) }) { first, _ in first }
    }

    /// As ``SQLiteStore``'s: a batch of rows per transaction, in key order.
    func pruneFates(recordedBefore day: Int64, batchSize: Int) async throws -> Int {
        let logger = logger
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        var pruned = 0
        while true {
            let start = after
            let (scanned, removed, last) = try await withConnection { connection -> (Int, Int, UUID?) in
                var scanned = 0
                var last: UUID?
                for try await id in try await connection.query(
                    "SELECT change_id FROM change_fates WHERE change_id > \(start) ORDER BY change_id LIMIT \(batchSize)",
                    logger: logger
                ).decode(UUID.self) {
                    scanned += 1
                    last = id
                }
                guard let last else { return (0, 0, nil) }
                var removed = 0
                for try await _ in try await connection.query(
                    """
                    DELETE FROM change_fates WHERE change_id > \(start) AND change_id <= \(last) AND recorded_day < \(day)
                    RETURNING change_id
                    """,
                    logger: logger
                ).decode(UUID.self) {
                    removed += 1
                }
                return (scanned, removed, last)
            }
            pruned += removed
            guard scanned == batchSize, let last else { return pruned }
            after = last
        }
    }
}
