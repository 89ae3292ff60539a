import Logging
import ServiceLifecycle
import Synchronization

/// Wakes long polls for commits this server did not make itself: another server instance on the
/// same PostgreSQL database, or `followup-server admin` assigning a seeker or revoking a device
/// from another process.
///
/// The server's own pushes wake long polls at once through the ``ChangeNotifier``; other writers
/// reach it through the store's ``SyncStore/watchCommits(interval:changed:)`` (SQLite's commit
/// counter, looked at a few times a second; PostgreSQL's `LISTEN`). When watching fails (the
/// database went away), it starts again after a second and wakes every waiting pull once, since
/// commits made meanwhile were not seen. A wake for a commit already announced costs each waiting
/// pull one empty query.
struct CommitWatch: Service {
    let store: any SyncStore
    let notifier: ChangeNotifier
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // Whether the last attempt failed: a warning when watching stops, a notice when it resumes.
        let failing = Atomic(false)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown {
                    try await store.watchCommits(interval: interval) {
                        if failing.exchange(false, ordering: .relaxed) { logger.notice("commit watch: watching again") }
                        await notifier.publish()
                    }
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                if !failing.exchange(true, ordering: .relaxed) { logger.warning("commit watch: \(error); trying again every second") }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
                await notifier.publish()
            }
        }
    }
}
