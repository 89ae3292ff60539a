/// Why the server's storage refused or failed, in words an operator or a user can act on.
///
/// Storage knows nothing of HTTP: ``ProblemMiddleware`` maps each case to the problem a client gets.
public enum StorageError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case backupExists(path: String)
    /// A stored row is not what this server wrote (edited by hand, or damaged): it is reported,
    /// never skipped or replaced by a made-up value.
    case corrupt(String)
    /// The write would duplicate what must be unique (an account's username).
    case alreadyExists(String)
    /// A read names a point the data does not have: a cursor ahead of it, or from another epoch.
    case aheadOfData(String)
    /// The database cannot be reached now, or did not answer in time: worth trying again shortly.
    case unavailable(String)
    /// The database refused a statement for a reason that is not the request's fault (a bug, or a
    /// schema changed by hand).
    case failed(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason) where path.hasPrefix("postgres://"):
            "cannot open the database \(path): \(reason)"
        case let .cannotOpen(path, reason):
            "cannot open the database \(path): \(reason). Check that the data directory exists and is writable."
        case let .backupExists(path):
            "\(path) already exists; choose a new file for the backup"
        case let .corrupt(detail):
            "the database holds data this server did not write: \(detail). Restore it from a backup (followup-server backup)"
        case let .alreadyExists(detail), let .aheadOfData(detail):
            detail
        case let .unavailable(detail):
            "the database is unavailable: \(detail)"
        case let .failed(detail):
            "the database failed: \(detail)"
        }
    }
}
