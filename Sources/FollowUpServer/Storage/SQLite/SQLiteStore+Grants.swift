import FollowUpCore
import FollowUpProtocol
import Foundation
import GRDB

extension SQLiteStore {
    /// Assigns a seeker to a counselor; `false` when the assignment already exists.
    ///
    /// The grant starts at a new sequence number, so the counselor's next pull delivers all of the
    /// seeker's existing records, whatever its cursor.
    func assign(counselor: UUID, seeker: UUID) async throws -> Bool {
        try await pool.write { db in
            let active = try Int.fetchOne(
                db,
                sql: "SELECT 1 FROM grants WHERE viewer_id = ? AND owner_id = ? AND until_seq IS NULL",
                arguments: [counselor.lowercased, seeker.lowercased]
            )
            guard active == nil else { return false }
            let seq = try db.nextSequence()
            try db.execute(
                sql: "INSERT INTO grants (viewer_id, owner_id, since_seq) VALUES (?, ?, ?)",
                arguments: [counselor.lowercased, seeker.lowercased, seq]
            )
            return true
        }
    }

    /// Ends an assignment; `false` when there was none. The counselor's next pull tells its client
    /// to drop the seeker's records.
    func unassign(counselor: UUID, seeker: UUID) async throws -> Bool {
        try await pool.write { db in
            let seq = try db.nextSequence()
            try db.execute(
                sql: "UPDATE grants SET until_seq = ? WHERE viewer_id = ? AND owner_id = ? AND until_seq IS NULL",
                arguments: [seq, counselor.lowercased, seeker.lowercased]
            )
            guard db.changesCount > 0 else {
                // Nothing ended: give the number back so no pull sees an empty event.
                try db.execute(sql: "UPDATE sequence SET value = value - 1 WHERE id = 1")
                return false
            }
            return true
        }
    }

    /// The seekers currently assigned to a counselor.
    func caseload(counselor: UUID) async throws -> [StoredAccount] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredAccount.columns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                    FROM grants g JOIN accounts a ON a.id = g.owner_id
                    WHERE g.viewer_id = ? AND g.until_seq IS NULL AND g.owner_id != g.viewer_id
                    ORDER BY a.username
                    """,
                arguments: [counselor.lowercased]
            ).map(StoredAccount.init(row:))
        }
    }
}
