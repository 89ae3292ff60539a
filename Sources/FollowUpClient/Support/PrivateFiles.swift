#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a replica's home readable by its owner only: the replica holds the device's bearer token
/// and every record of the seeker (or of a counselor's caseload), so on a shared machine no other
/// user may read it.
///
/// Applied at every open, which also mends a home made by an earlier version with the usual 0755
/// and 0644. SQLite gives the `-wal` and `-shm` files the database file's mode, so a database made
/// 0600 before SQLite first opens it keeps its companions private too.
enum PrivateFiles {
    static let directoryMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Makes `directory` 0700 and each of `files` in it that exists 0600; creates `database` empty
    /// and 0600 when it does not exist yet. Throws the failing path and the system's reason.
    static func secure(directory: String, database: String, companions: [String]) throws(PrivateFilesError) {
        guard chmod(directory, directoryMode) == 0 else { throw PrivateFilesError(path: directory, errno: errno) }
        let created = open(database, O_CREAT | O_WRONLY | O_CLOEXEC, fileMode)
        guard created >= 0 else { throw PrivateFilesError(path: database, errno: errno) }
        close(created)
        for path in [database] + companions where chmod(path, fileMode) != 0 && errno != ENOENT {
            throw PrivateFilesError(path: path, errno: errno)
        }
    }
}

/// A file whose mode could not be set, with the system's reason.
struct PrivateFilesError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32

    var description: String { "cannot make \(path) private to its owner: \(String(cString: strerror(errno)))" }
}
