import Crypto
import FollowUpCore
import FollowUpProtocol
import Foundation
import Synchronization

/// Writes what a user does on the web page as ordinary changes, pushed through the same path as a
/// client's, so they reach every replica at its next sync and merge like any other edit.
///
/// Each account writes from a replica of its own on this server (its id derived from the server's
/// and the account's), registered to that account by its first change: history shows the edit as
/// the user's, made on the "web browser" device. Stamps come from a hybrid logical clock per replica.
final class WebWriter: Sendable {
    private let sync: SyncService
    private let serverID: UUID
    private let now: @Sendable () -> Date
    private let clocks = Mutex<[ReplicaID: HybridLogicalClock]>([:])

    init(sync: SyncService, serverID: UUID, now: @escaping @Sendable () -> Date = { Date() }) {
        self.sync = sync
        self.serverID = serverID
        self.now = now
    }

    /// The replica the web page writes as for `account`.
    func replica(for account: UUID) -> ReplicaID {
        let digest = SHA256.hash(data: Data("web:\(serverID.lowercased):\(account.lowercased)".utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return ReplicaID(rawValue: value == 0 ? 1 : value)
    }

    /// Applies `edit` to `state` (a new record when it has no writes yet) as `identity`.
    func write(_ edit: Edit, to state: EntityState, as identity: Identity) async throws {
        let replica = replica(for: identity.account.id)
        let wall = UInt64(max(0, now().timeIntervalSince1970 * 1000))
        let at = clocks.withLock { clocks in
            var clock = clocks[replica] ?? HybridLogicalClock(replica: replica)
            let stamp = clock.tick(wallMillis: wall)
            clocks[replica] = clock
            return stamp
        }
        var random = SystemRandomNumberGenerator()
        let change = Change(id: UUID.timeOrdered(at: at, using: &random), editing: state, at: at, edit: edit)
        let answer = try await sync.push(PushBatch(entries: [.change(change)]), by: identity)
        if let rejection = answer.results.first?.rejection {
            throw APIError(.invalidRequest, detail: rejection.message, field: rejection.field)
        }
    }
}
