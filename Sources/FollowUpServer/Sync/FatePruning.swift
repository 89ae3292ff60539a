import Foundation
import Logging
import ServiceLifecycle

/// Forgets, once a day, the fates of changes older than the retention: the table of change ids
/// would otherwise grow with every change ever pushed.
///
/// A retry arrives within minutes or days of the first attempt; a client that comes back after
/// the retention with a change still queued gets it merged again, which changes nothing.
struct FatePruning: Service {
    let database: any SyncStore
    let retentionDays: Int
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let today = Int64((now().timeIntervalSince1970 / 86_400).rounded(.down))
            do {
                let pruned = try await database.pruneFates(recordedBefore: today - Int64(retentionDays))
                if pruned > 0 { logger.notice("forgot the fates of \(pruned) changes older than \(retentionDays) days") }
            } catch {
                logger.error("pruning change fates failed (tried again tomorrow): \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(86_400)) }
        }
    }
}
