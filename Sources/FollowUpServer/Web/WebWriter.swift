import Crypto
import FollowUpCore
import FollowUpProtocol
import Foundation
import Synchronization

/// Writes what a user does on the web page as ordinary changes, pushed through the same path as a
/// client's, so they reach every replica at its next sync and merge like any other edit.
///
/// Each account writes from a replica of its own on this server instance (its id derived from the
/// server's, the instance's and the account's), registered to that account by its first change:
/// history shows the edit as the user's, made on the "web browser" device. Several instances over one
/// database never share a replica id, so their separate clocks never stamp two writes alike.
///
/// Stamps come from a hybrid logical clock per replica that first takes in the stamps of the record
/// it edits: a user who saw a record's latest values and changes one wins over them, even when the
/// device that wrote them had a clock running ahead.
final class WebWriter: Sendable {
    private let sync: SyncService
    private let serverID: UUID
    /// This process's own part of its replica ids.
    private let instance: UUID
    private let now: @Sendable () -> Date
    private let clocks = Mutex<[ReplicaID: HybridLogicalClock]>([:])

    init(sync: SyncService, serverID: UUID, instance: UUID = UUID(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.sync = sync
        self.serverID = serverID
        self.instance = instance
        self.now = now
    }

    /// The replica the web page writes as for `account` on this instance.
    func replica(for account: UUID) -> ReplicaID {
        let digest = SHA256.hash(data: Data("web:\(serverID.lowercased):\(instance.lowercased):\(account.lowercased)".utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return ReplicaID(rawValue: value == 0 ? 1 : value)
    }

    /// Applies `edit` to `state` (a new record when it has no writes yet) as `identity`.
    func write(_ edit: Edit, to state: EntityState, as identity: Identity) async throws {
        let replica = replica(for: identity.account.id)
        let wall = UInt64(max(0, now().timeIntervalSince1970 * 1000))
        let at = clocks.withLock { clocks in
            var clock = clocks[replica] ?? HybridLogicalClock(replica: replica)
            // A stamp too far ahead to take in was refused by the server when it arrived.
            if let seen = state.lastChanged { try? clock.receive(seen, wallMillis: wall) }
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
