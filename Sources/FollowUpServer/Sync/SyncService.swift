import FollowUpCore
import FollowUpProtocol
import Foundation
import ServiceLifecycle

/// Push and pull: the protocol's semantics on top of the database.
struct SyncService: Sendable {
    let database: any SyncStore
    let notifier: ChangeNotifier
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let now: @Sendable () -> Date

    /// How long one long-poll wait lasts before the pull checks the database again even without a
    /// notification: a safety net; the ``CommitWatch`` announces other processes' commits.
    static let recheckInterval: Duration = .seconds(5)

    func push(_ batch: PushBatch, by identity: Identity) async throws -> PushResponse {
        guard batch.entries.count <= configuration.maxBatch else {
            throw APIError(
                .batchTooLarge,
                detail:
                    "a push may carry at most \(configuration.maxBatch) changes; this one has \(batch.entries.count). Split it into smaller batches"
            )
        }
        let rules = PushRules(
            identity: identity,
            now: now(),
            maxClockDriftMillis: configuration.maxClockDriftMillis,
            limits: configuration.changeLimits
        )
        let started = ContinuousClock.now
        let (results, acceptedNew) = try await database.push(batch.entries, rules: rules)
        metrics.database("push", duration: ContinuousClock.now - started)
        if acceptedNew { await notifier.publish() }
        let duplicates = results.count { $0.duplicate == true }
        let rejected = results.count { $0.status == .rejected }
        metrics.push(accepted: results.count - duplicates - rejected, duplicates: duplicates, rejected: rejected)
        return PushResponse(results: results)
    }

    /// The next page after `cursorText` (from the start when `nil`); with `wait` seconds, a pull that
    /// finds nothing new waits for the next change before answering.
    /// With `updates`, records the client holds come as the part made after the cursor (SPEC §5.3).
    func pull(by identity: Identity, cursor cursorText: String?, limit: Int?, wait: Int?, updates: Bool = false) async throws -> PullPage {
        let cursor = try cursor(from: cursorText, identity: identity)
        let limit = limit ?? configuration.defaultPage
        guard (1...configuration.maxPage).contains(limit) else {
            throw APIError(.invalidRequest, detail: "limit must be from 1 to \(configuration.maxPage)", field: "limit")
        }
        let wait = wait ?? 0
        guard (0...configuration.maxWaitSeconds).contains(wait) else {
            throw APIError(.invalidRequest, detail: "wait must be from 0 to \(configuration.maxWaitSeconds) seconds", field: "wait")
        }
        let deadline = ContinuousClock.now + .seconds(wait)
        var position = cursor
        while true {
            let version = await notifier.version
            let started = ContinuousClock.now
            let page = try await database.pull(viewer: identity.account.id, after: position, limit: limit, updates: updates)
            metrics.database("pull", duration: ContinuousClock.now - started)
            let remaining = deadline - ContinuousClock.now
            let isEmpty =
                page.entities.isEmpty && (page.updates?.isEmpty ?? true) && page.removedOwners.isEmpty && page.people.isEmpty && page.replicas.isEmpty
            if !isEmpty || remaining <= .zero || Task.isCancelled || Task.isShuttingDownGracefully {
                metrics.pullPage(entities: page.entities.count + (page.updates?.count ?? 0))
                return page
            }
            position = page.cursor
            metrics.longPollStarted()
            await notifier.wait(after: version, timeout: min(remaining, Self.recheckInterval))
            metrics.longPollEnded()
        }
    }

    /// The content digest of every record the caller may see.
    func digests(for identity: Identity) async throws -> [UUID: String] {
        let started = ContinuousClock.now
        defer { metrics.database("digests", duration: ContinuousClock.now - started) }
        return try await database.digests(viewer: identity.account.id)
    }

    private func cursor(from text: String?, identity: Identity) throws -> Cursor {
        guard let text, !text.isEmpty else { return .start(server: database.serverID, epoch: database.epoch, account: identity.account.id) }
        guard let cursor = Cursor(encoded: text) else {
            throw APIError(.invalidCursor, detail: "the cursor is not one this server issued; pull again without a cursor", field: "cursor")
        }
        guard cursor.server == database.serverID else {
            throw APIError(.foreignCursor, detail: "the cursor comes from another server; pull again without a cursor", field: "cursor")
        }
        guard cursor.account == identity.account.id else {
            throw APIError(.foreignCursor, detail: "the cursor belongs to another account; pull again without a cursor", field: "cursor")
        }
        if let epoch = cursor.epoch, epoch != database.epoch {
            throw APIError(
                .staleCursor,
                detail:
                    "this server's data was restored from a backup since the cursor was issued (a new epoch): push again what it may lack (SPEC §6.2), then pull without a cursor",
                field: "cursor"
            )
        }
        var current = cursor
        current.epoch = database.epoch  // a version 1 cursor continues in this epoch
        return current
    }
}
