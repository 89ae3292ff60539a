import FollowUpCore
import Foundation
import GRDB

/// The floor for W1 and W2: the same records inserted into a fresh SQLite file (WAL) in one
/// transaction with one prepared statement — what storing them costs with nothing else around.
enum PhysicalBaseline {
    static func insert(_ records: [BenchRecord], into path: String) throws -> Duration {
        var configuration = Configuration()
        configuration.journalMode = .wal
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE records (id TEXT PRIMARY KEY, seeker TEXT, company TEXT, role TEXT, interview_date TEXT,
                    kind TEXT, due_date TEXT, status TEXT, notes TEXT)
                    """
            )
        }
        let seeker = UUID().uuidString.lowercased()
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try queue.inTransaction { db in
                let statement = try db.makeStatement(sql: "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for record in records {
                    try statement.execute(arguments: [
                        record.interview.uuidString.lowercased(), seeker, record.company, record.position, record.date.description, record.kind,
                        record.due.description, record.status, record.notes,
                    ])
                }
                return .commit
            }
        }
        try queue.close()
        return elapsed
    }
}
