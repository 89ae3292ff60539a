import GRDB
import SQLiteBinding

#if canImport(Glibc)
import Glibc
#endif

/// Usernames by account id, for listings that name each row's seeker.
///
/// The people table is small and read whole instead of joined into every row. Most rows of a
/// listing share an owner, so the last id is kept and compared byte for byte before the
/// dictionary is asked: no `String` is made for an owner id seen on the row before.
struct OwnerNames {
    private let byID: [String: String]
    private var lastID: [UInt8] = []
    private var lastName: String?

    init(_ db: Database) throws {
        var names: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, username FROM people")
        while let row = try rows.next() { names[row[0]] = row[1] }
        byID = names
    }

    /// The username of the account whose id is column `column` of `row`; `nil` when unknown or NULL.
    mutating func name(_ row: BoundRow, column: Int32) -> String? {
        guard let id = row.utf8(column) else { return nil }
        let same =
            id.count == lastID.count
            && lastID.withUnsafeBufferPointer { last in
                guard let last = last.baseAddress, let id = id.baseAddress else { return true }  // both empty
                return memcmp(last, id, lastID.count) == 0
            }
        if !same {
            lastID = Array(id)
            lastName = byID[String(decoding: id, as: UTF8.self)]
        }
        return lastName
    }
}
