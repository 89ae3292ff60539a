import Foundation
import GRDB
import SQLiteBinding
import Testing

/// Binding through SQLite's C interface, against a real database file: every value type goes in and
/// comes out as it was, and a bind that does not fit the statement stops the run before it writes.
@Suite("Bound statements")
struct BoundStatementTests {
    /// A fresh database file with one table of every column kind the server and replica bind.
    static func database() throws -> (DatabaseQueue, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bound-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("test.sqlite").path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (name TEXT, count INTEGER, ratio REAL, flag INTEGER, payload BLOB, id BLOB)")
        }
        return (queue, directory)
    }

    static let insert = "INSERT INTO t (name, count, ratio, flag, payload, id) VALUES (?, ?, ?, ?, ?, ?)"

    @Test("every value type round-trips through a real file, NULLs included")
    func roundTrip() throws {
        let (queue, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = UUID()
        try queue.write { db in
            var statement = try BoundStatement(Self.insert, in: db)
            statement.bind("Acme — Ana's café")
            statement.bind(Int64.max)
            statement.bind(2.5)
            statement.bind(true)
            statement.bind(Data([0, 1, 2, 255]))
            statement.bind(id)
            try statement.execute()
            statement.bind(Optional<String>.none)
            statement.bind(Optional<Int64>.none)
            statement.bind(-1)
            statement.bind(false)
            statement.bind(Data())
            Array("text as bytes".utf8).withUnsafeBufferPointer { statement.bind(text: $0) }
            try statement.execute()
        }
        var rows: [(String?, Int64?, String?, Int64?, Data?, UUID?)] = []
        try queue.read { db in
            var query = try BoundStatement("SELECT name, count, ratio, flag, payload, id FROM t WHERE flag >= ? ORDER BY rowid", in: db)
            query.bind(0)
            try query.forEachRow { row in
                rows.append((row.text(0), row.int64(1), row.text(2), row.int64(3), row.blob(4), row.uuid(5)))
            }
        }
        #expect(rows.count == 2)
        #expect(rows[0].0 == "Acme — Ana's café" && rows[0].1 == Int64.max && rows[0].2 == "2.5" && rows[0].3 == 1)
        #expect(rows[0].4 == Data([0, 1, 2, 255]) && rows[0].5 == id)
        #expect(rows[1].0 == nil && rows[1].1 == nil && rows[1].2 == "-1.0" && rows[1].3 == 0)
        #expect(rows[1].5 == nil, "13 bytes of text are not a UUID")
    }

    @Test("one value too few: the run is refused, nothing is written, and the statement works again")
    func tooFew() throws {
        let (queue, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        try queue.write { db in
            var statement = try BoundStatement(Self.insert, in: db)
            statement.bind("shifted")
            statement.bind(1)
            statement.bind(1.0)
            statement.bind(true)
            statement.bind(Data())
            #expect(throws: BindingError.parameterCount(expected: 6, bound: 5, sql: Self.insert)) { try statement.execute() }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 0)
            for _ in 0..<6 { statement.bind(7) }
            try statement.execute()
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 1)
        }
    }

    @Test("one value too many: SQLite's refusal is reported by position, and nothing is written")
    func tooMany() throws {
        let (queue, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        try queue.write { db in
            var statement = try BoundStatement(Self.insert, in: db)
            for _ in 0..<7 { statement.bind(1) }
            do {
                try statement.execute()
                Issue.record("a seventh value was accepted")
            } catch let error as BindingError {
                guard case let .refused(position, _, _, sql) = error else {
                    Issue.record("expected a refusal, got \(error)")
                    return
                }
                #expect(position == 7 && sql == Self.insert)
                #expect(error.description.contains("parameter 7"))
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 0)
        }
    }

    @Test("a query with unbound parameters is refused instead of matching NULL")
    func queryUnbound() throws {
        let (queue, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        try queue.read { db in
            var query = try BoundStatement("SELECT name FROM t WHERE name = ? AND count = ?", in: db)
            query.bind("only one")
            #expect(throws: BindingError.self) { try query.forEachRow { _ in } }
        }
    }
}
