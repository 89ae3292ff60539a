import FollowUpCore
import FollowUpWire
import Foundation
import GRDB

extension SQLiteStore {
    /// The content digest of every record `viewer` may see now, by id, from one snapshot.
    func digests(viewer: UUID) async throws -> [UUID: String] {
        try await pool.read { db in
            let states = try Self.decodedStates(
                db.cachedStatement(
                    sql: """
                        SELECT id, state FROM entities
                        WHERE owner_id IN (SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL)
                        """
                ),
                arguments: [viewer.lowercased]
            )
            return Dictionary(states.map { ($0.id, $0.contentDigest) }) { first, _ in first }
        }
    }
}
