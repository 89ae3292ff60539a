import FollowUpCore
import FollowUpProtocol
import Foundation
import Synchronization

/// The pushes waiting on one instance for the sequence lock, committed together (group commit).
///
/// Pushes from every instance run one at a time under the sequence row's lock
/// (`docs/design/cursor.md`). Those that arrive at one instance while it waits are taken in one
/// transaction: the lock is taken and the commit made once for all of them, each merged in turn on
/// the state the one before it left. Each still gets its own answers; if the transaction fails, each
/// of them gets the error, and nothing of any of them is stored.
final class PushQueue: Sendable {
    /// A push waiting its turn, with what was read for it before the lock.
    struct Waiting: Sendable {
        var plan: PushPlan
        var writable: Set<UUID>
        var replicaAccounts: [ReplicaID: UUID]
        var loginAccounts: [ReplicaID: UUID]
        var answer: CheckedContinuation<(results: [PushResult], acceptedNew: Bool), any Error>
    }

    /// Changes one transaction takes at most, so that one group stays a short hold of the lock.
    static let groupChanges = 5_000

    private struct State {
        var waiting: [Waiting] = []
        var draining = false
    }

    private let state = Mutex(State())

    /// Adds a push; answers whether the caller must start draining (nobody is).
    func enqueue(_ push: Waiting) -> Bool {
        state.withLock { state in
            state.waiting.append(push)
            if state.draining { return false }
            state.draining = true
            return true
        }
    }

    /// The next group in arrival order, up to ``groupChanges`` changes (at least one push); `nil`
    /// when none is waiting, after which the next ``enqueue(_:)`` starts draining again.
    func nextGroup() -> [Waiting]? {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.draining = false
                return nil
            }
            var changes = 0
            var count = 0
            for push in state.waiting {
                changes += push.plan.ids.count
                if count > 0 && changes > Self.groupChanges { break }
                count += 1
            }
            let group = Array(state.waiting.prefix(count))
            state.waiting.removeFirst(count)
            return group
        }
    }
}
