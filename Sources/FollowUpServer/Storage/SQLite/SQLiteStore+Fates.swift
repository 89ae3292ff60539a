import Foundation
import GRDB

extension SQLiteStore {
    /// Forgets the fates of changes recorded before `day` (days since 1970-01-01); returns how many.
    ///
    /// Walks the table in key order, a few thousand rows per write transaction, so pushes are never
    /// held up for long. A change retried after its fate is gone is merged again, which changes
    /// nothing: its writes are in the record already, stamped as before (SPEC §5).
    func pruneFates(recordedBefore day: Int64, batchSize: Int) async throws -> Int {
        var after = Data()
        var pruned = 0
        while true {
            let start = after
            let (scanned, removed, last) = try await pool.write { db -> (Int, Int, Data?) in
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT change_id, recorded_day FROM change_fates WHERE change_id > ? ORDER BY change_id LIMIT ?",
                    arguments: [start, batchSize]
                )
                var removed = 0
                for row in rows where (row["recorded_day"] as Int64?).map({ $0 < day }) ?? false {
                    try db.execute(sql: "DELETE FROM change_fates WHERE change_id = ?", arguments: [row["change_id"] as Data])
                    removed += 1
                }
                return (rows.count, removed, rows.last?["change_id"])
            }
            pruned += removed
            guard scanned == batchSize, let last else { return pruned }
            after = last
        }
    }
}
