import Foundation
import ServiceLifecycle

/// Wakes long-polling pulls when something new is committed.
///
/// A pull reads ``version`` before it queries; if it found nothing it waits for a version after
/// that one, so a push committing between the query and the wait is never missed. A wait also ends
/// on its timeout, when the client goes away (task cancellation) and on graceful shutdown, so a
/// stopping server never hangs on its long polls.
actor ChangeNotifier {
    private(set) var version: UInt64 = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    /// Something new was committed: wake every waiting pull.
    func publish() {
        version &+= 1
        let woken = waiters
        waiters.removeAll()
        for continuation in woken.values { continuation.resume() }
    }

    /// Returns when the version moves past `seen`, or after `timeout`, whichever comes first.
    nonisolated func wait(after seen: UInt64, timeout: Duration) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await self.park(id, after: seen, timeout: timeout)
            } onGracefulShutdown: {
                Task { await self.release(id) }
            }
        } onCancel: {
            Task { await self.release(id) }
        }
    }

    private func park(_ id: UUID, after seen: UInt64, timeout: Duration) async {
        guard version == seen, !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.release(id)
        }
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
        }
        timer.cancel()
    }

    private func release(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
