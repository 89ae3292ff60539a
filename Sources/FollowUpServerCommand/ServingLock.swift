import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock file in the data directory that every serving process holds shared for its life, so a
/// command that must not run beside a server (restore) can tell whether one is serving.
/// The kernel drops the lock when the process ends, however it ends.
struct ServingLock {
    static let fileName = "serving.lock"

    /// Takes the lock shared for the rest of the process's life (several servers may share it).
    static func holdWhileServing(directory: String) throws {
        let descriptor = try open(directory)
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else {
            close(descriptor)
            throw CommandError("cannot lock \(directory)/\(fileName): a restore is running on this data directory")
        }
        // Left open on purpose: the lock lasts as long as the process.
    }

    /// Takes the lock exclusively for the rest of the process's life: no server may start on the
    /// directory meanwhile. Fails at once when one is serving.
    static func holdExclusively(directory: String) throws {
        let descriptor = try open(directory)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CommandError("a followup-server is serving \(directory); stop it first")
        }
        // Left open on purpose: the lock lasts as long as the process.
    }

    /// Runs `body` holding the lock exclusively; fails at once when a server is serving.
    static func withoutServers<Result>(directory: String, _ body: () throws -> Result) throws -> Result {
        let descriptor = try open(directory)
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw CommandError("a followup-server is serving \(directory); stop it first")
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private static func open(_ directory: String) throws -> Int32 {
        let path = directory + "/" + fileName
        let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandError("cannot open \(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }
}
