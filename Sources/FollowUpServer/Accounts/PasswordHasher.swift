import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's thread pool: hashing is slow by design and must not stall the event loops
/// that serve everyone else's requests.
struct PasswordHasher: Sendable {
    var cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
