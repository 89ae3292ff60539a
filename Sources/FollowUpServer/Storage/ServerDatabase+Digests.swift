import FollowUpCore
import FollowUpWire
import Foundation
import GRDB

extension ServerDatabase {
    /// The content digest of every record `viewer` may see now, by id, from one snapshot.
    func digests(viewer: UUID) async throws -> [UUID: String] {
        try await pool.read { db in
            var digests: [UUID: String] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT id, state FROM entities
                        WHERE owner_id IN (SELECT owner_id FROM grants WHERE viewer_id = ? AND until_seq IS NULL)
                        """
                ),
                arguments: [viewer.lowercased]
            )
            while let row = try rows.next() {
                let id = try UUID.stored(row[0], in: "entities.id")
                let data: Data = row[1]
                do {
                    digests[id] = try EntityState.decode(json: data).contentDigest
                } catch {
                    throw StorageError.corrupt("record \(id.lowercased) could not be read: \(error)")
                }
            }
            return digests
        }
    }
}
