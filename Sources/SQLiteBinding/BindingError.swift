/// A ``BoundStatement`` run refused before it started: what was bound does not fit the statement.
public enum BindingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// More or fewer values were bound than the statement has parameters: a shifted positional
    /// bind would write values into the wrong columns.
    case parameterCount(expected: Int32, bound: Int32, sql: String)
    /// SQLite refused the value bound at `position` (from 1), with its result code and message.
    case refused(position: Int32, code: Int32, message: String, sql: String)

    public var description: String {
        switch self {
        case let .parameterCount(expected, bound, sql):
            "\(bound) value\(bound == 1 ? "" : "s") bound to a statement with \(expected) parameter\(expected == 1 ? "" : "s"): \(sql)"
        case let .refused(position, code, message, sql):
            "SQLite refused the value for parameter \(position) (code \(code): \(message)): \(sql)"
        }
    }
}
