import Logging
import ServiceLifecycle

/// Wakes long polls for commits this server did not make itself: `followup-server admin` assigning
/// a seeker or revoking a device from another process, beside the running server.
///
/// The server's own pushes wake long polls at once through the ``ChangeNotifier``; other writers
/// cannot reach it, so this service looks at the database's commit counter a few times a second
/// and wakes the waiting pulls when it moved. A wake for a commit already announced costs each
/// waiting pull one empty query.
struct CommitWatch: Service {
    let probe: DataVersionProbe
    let notifier: ChangeNotifier
    let interval: Duration
    let logger: Logger

    func run() async throws {
        defer { try? probe.close() }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if try await probe.changed() { await notifier.publish() }
            } catch {
                // A busy or briefly unreadable file: the next look catches the commit, and long
                // polls still recheck on their own interval.
                logger.debug("commit watch: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
