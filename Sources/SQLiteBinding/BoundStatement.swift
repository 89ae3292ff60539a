public import Foundation
public import GRDB
import GRDBSQLite

/// Binds and runs a prepared statement through SQLite's C interface, one value at a time.
///
/// For the few statements a sync runs tens of thousands of times (the server logging and saving
/// pushed changes, a replica saving pulled records and their projections), where building GRDB's
/// `StatementArguments` — an array of boxed values per execution — was a measurable share of the
/// time. Everything else goes through GRDB as usual; this runs inside GRDB's transactions.
///
/// Binding is positional, so a forgotten or extra value would shift every column after it. Each
/// bind's result is checked, and a run refuses to start unless exactly the statement's parameters
/// were bound: the first failure is thrown by ``execute()`` or ``forEachRow(_:)`` as a
/// ``BindingError``, and nothing is written.
public struct BoundStatement {
    private let statement: Statement
    private let connection: SQLiteConnection?
    /// How many `?` the statement has.
    private let parameterCount: Int32
    private var position: Int32 = 0
    /// The first bind SQLite refused since the last run.
    private var failure: BindingError?

    /// The statement for `sql`, prepared once per connection (GRDB caches it).
    public init(_ sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
        parameterCount = sqlite3_bind_parameter_count(statement.sqliteStatement)
    }

    /// Records a bind's result; the run that follows throws the first failure.
    private mutating func check(_ code: Int32) {
        guard code != SQLITE_OK, failure == nil else { return }
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "code \(code)"
        failure = .refused(position: position, code: code, message: message, sql: statement.sql)
    }

    /// Throws unless every parameter, and no more, was bound without error.
    private func checkBindings() throws(BindingError) {
        if let failure { throw failure }
        guard position == parameterCount else {
            throw .parameterCount(expected: parameterCount, bound: position, sql: statement.sql)
        }
    }

    /// Clears the bound values and the statement's state, whether the run succeeded or not.
    private mutating func reset() {
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
        position = 0
        failure = nil
    }

    public mutating func bind(_ text: String?) {
        position += 1
        guard var text else {
            check(sqlite3_bind_null(statement.sqliteStatement, position))
            return
        }
        let code = text.withUTF8 { bytes in
            sqlite3_bind_text(statement.sqliteStatement, position, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
        check(code)
    }

    /// Text given as UTF-8 bytes, for values written into a buffer rather than held as a `String`.
    public mutating func bind(text bytes: UnsafeBufferPointer<UInt8>) {
        position += 1
        check(sqlite3_bind_text(statement.sqliteStatement, position, bytes.baseAddress, Int32(bytes.count), Self.transient))
    }

    public mutating func bind(_ value: Int64) {
        position += 1
        check(sqlite3_bind_int64(statement.sqliteStatement, position, value))
    }

    public mutating func bind(_ value: Int64?) {
        guard let value else {
            position += 1
            check(sqlite3_bind_null(statement.sqliteStatement, position))
            return
        }
        bind(value)
    }

    public mutating func bind(_ value: Double) {
        position += 1
        check(sqlite3_bind_double(statement.sqliteStatement, position, value))
    }

    public mutating func bind(_ value: Int) {
        bind(Int64(value))
    }

    public mutating func bind(_ value: Bool) {
        bind(Int64(value ? 1 : 0))
    }

    public mutating func bind(_ data: Data) {
        position += 1
        let code = data.withUnsafeBytes { bytes in
            sqlite3_bind_blob(statement.sqliteStatement, position, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
        check(code)
    }

    /// A UUID as its 16 bytes: a third of its text form, compared with one `memcmp`.
    public mutating func bind(_ id: UUID) {
        position += 1
        let code = withUnsafeBytes(of: id.uuid) { bytes in
            sqlite3_bind_blob(statement.sqliteStatement, position, bytes.baseAddress, 16, Self.transient)
        }
        check(code)
    }

    /// Runs the statement with the values bound since the last run, and readies it for the next.
    public mutating func execute() throws {
        defer { reset() }
        try checkBindings()
        let code = sqlite3_step(statement.sqliteStatement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// Runs a query with the values bound since the last run, handing `body` each result row, and
    /// readies the statement for the next run.
    public mutating func forEachRow(_ body: (BoundRow) throws -> Void) throws {
        defer { reset() }
        try checkBindings()
        while true {
            let code = sqlite3_step(statement.sqliteStatement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
            try body(BoundRow(handle: statement.sqliteStatement))
        }
    }

    /// SQLite copies each bound value (the Swift buffers do not outlive the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The current result row of a ``BoundStatement``, valid only inside the closure that receives it.
public struct BoundRow {
    fileprivate let handle: SQLiteStatement

    /// Column `index` (from 0) as text; `nil` when it is NULL.
    public func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `index`'s text as UTF-8 bytes, valid only until the closure that received this row
    /// returns; `nil` when it is NULL. For rows written straight out as bytes, where a `String`
    /// per value would cost more than the query.
    public func utf8(_ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, index) else { return nil }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// Column `index` as an integer; `nil` when it is NULL.
    public func int64(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// Column `index` as a UUID stored as its 16 bytes (see ``BoundStatement/bind(_:)-(UUID)``);
    /// `nil` when it is NULL or not 16 bytes long.
    public func uuid(_ index: Int32) -> UUID? {
        guard sqlite3_column_type(handle, index) == SQLITE_BLOB, sqlite3_column_bytes(handle, index) == 16,
            let bytes = sqlite3_column_blob(handle, index)
        else { return nil }
        return UUID(uuid: UnsafeRawPointer(bytes).loadUnaligned(as: uuid_t.self))
    }

    /// Column `index` as bytes; `nil` when it is NULL.
    public func blob(_ index: Int32) -> Data? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}
