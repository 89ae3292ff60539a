import FollowUpCore
import FollowUpProtocol
import Foundation

/// How far a sync has come, for a progress line on a terminal.
public struct SyncProgress: Sendable, Equatable {
    public enum Phase: String, Sendable { case pushing, pulling }
    public var phase: Phase
    public var done: Int
    /// Known for pushes (the queue's length), not for pulls.
    public var total: Int?
}

/// What a sync did.
public struct SyncReport: Codable, Sendable, Equatable {
    public var pushed = 0
    public var rejected: [String] = []
    public var pulled = 0
    public var removedOwners = 0
    public var conflicts = 0
    public var cursorReset = false
    /// Changes sent again to a server restored from a backup (SPEC §6.2).
    public var resent = 0

    public init() {}
}

/// Push the queue, then pull page by page: the client's half of the protocol's sync loop.
///
/// Every step commits on its own (a pushed batch's answers, a pulled page with its cursor), so a
/// sync interrupted at any point — a crash, a kill, a lost connection — resumes where it stopped
/// without losing or duplicating anything.
public struct Synchronizer: Sendable {
    public let replica: Replica
    public let client: SyncClient
    public var pageSize: Int
    /// Changes per push, within the server's own limit.
    public var pushBatchSize: Int

    public init(replica: Replica, client: SyncClient, pageSize: Int = 2_000, pushBatchSize: Int = 500) {
        self.replica = replica
        self.client = client
        self.pageSize = pageSize
        self.pushBatchSize = pushBatchSize
    }

    public func sync(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncReport {
        let info = try await client.knownOrFetchedInfo()
        var report = SyncReport()
        try await endingSessionOnRefusal {
            try await push(limits: info.limits, into: &report, progress: progress)
            try await pull(limit: min(pageSize, info.limits.maxPage), finishingSync: true, into: &report, progress: progress)
        }
        return report
    }

    /// Pushes the whole queue (no pull).
    public func push(progress: (SyncProgress) -> Void = { _ in }) async throws -> SyncReport {
        let info = try await client.knownOrFetchedInfo()
        var report = SyncReport()
        try await endingSessionOnRefusal { try await push(limits: info.limits, into: &report, progress: progress) }
        return report
    }

    /// Pulls every page after the stored cursor (no push).
    public func pull(progress: (SyncProgress) -> Void = { _ in }) async throws -> SyncReport {
        let info = try await client.knownOrFetchedInfo()
        var report = SyncReport()
        try await endingSessionOnRefusal { try await pull(limit: min(pageSize, info.limits.maxPage), into: &report, progress: progress) }
        return report
    }

    /// Batches in flight at once: while the server merges one (its writes are one at a time), the
    /// next ones are read, compressed, sent and decoded, so the merging never waits for a batch.
    /// W1 (20 batches), median of 8 runs alternating: 2 in flight 0.318 s, 3 0.278 s, 4 0.262 s;
    /// 6 was no better than 4.
    static let pushesInFlight = 4

    /// Sends the queue in batches within the server's limits, several at a time; each batch's answers
    /// are recorded as they come, and on any failure the rest stays queued.
    ///
    /// The queue is counted when the push starts; changes queued while it runs go with the next sync.
    func push(limits: ServerInfo.Limits, into report: inout SyncReport, progress: (SyncProgress) -> Void) async throws {
        let limit = min(limits.maxBatch, pushBatchSize)
        let maxBytes = limits.maxBodyBytes / 2
        let (total, first) = try await offPool { [replica] in try replica.queueHead(limit: limit, maxBytes: maxBytes) }
        var head: [QueuedChange]? = first
        var done = 0
        var sent = 0
        var sentThrough: Int64 = 0
        try await withThrowingTaskGroup(of: ([QueuedChange], PushResponse).self) { group in
            func sendNext() async throws -> Bool {
                guard sent < total else { return false }
                let after = sentThrough
                let batch: [QueuedChange]
                if let first = head {
                    batch = first
                    head = nil
                } else {
                    batch = try await offPool { [replica] in try replica.queuedChanges(after: after, limit: limit, maxBytes: maxBytes) }
                }
                guard let last = batch.last else { return false }
                sentThrough = last.seq
                sent += batch.count
                let client = client
                group.addTask { (batch, try await client.push(batch)) }
                return true
            }
            for _ in 0..<Self.pushesInFlight where try await !sendNext() { break }
            while let (batch, response) = try await group.next() {
                try await offPool { [replica] in try replica.acknowledge(response.results, for: batch) }
                for result in response.results {
                    if result.status == .accepted {
                        report.pushed += 1
                    } else {
                        report.rejected.append("\(result.id.lowercased.prefix(8)): \(result.rejection?.message ?? "rejected")")
                    }
                }
                done += batch.count
                progress(SyncProgress(phase: .pushing, done: done, total: total))
                _ = try await sendNext()
            }
        }
    }

    /// Pages asked for beyond the one being merged.
    static let pagesAhead = 2

    /// Pulls every page after the stored cursor; `wait` makes the first request a long poll.
    ///
    /// While one page is merged, the next ones are already being fetched and decoded (see
    /// ``PageStream``), but pages are merged strictly in order, each with its cursor in one
    /// transaction. With `finishingSync`, the last page's transaction also records the end of the sync.
    func pull(
        limit: Int,
        wait: Int? = nil,
        finishingSync: Bool = false,
        into report: inout SyncReport,
        progress: (SyncProgress) -> Void
    ) async throws {
        do {
            try await pullPages(limit: limit, wait: wait, finishingSync: finishingSync, into: &report, progress: progress)
        } catch is ReplicaBehindCursor {
            // Pages merged before stay merged; from the start, every record comes whole.
            report.cursorReset = true
            try await offPool { [replica] in try replica.resetCursor() }
            try await pullPages(limit: limit, finishingSync: finishingSync, into: &report, progress: progress)
        }
    }

    private func pullPages(
        limit: Int,
        wait: Int? = nil,
        finishingSync: Bool,
        into report: inout SyncReport,
        progress: (SyncProgress) -> Void
    ) async throws {
        let client = client
        var first: PullStart
        do {
            first = try await client.startPull(cursor: try await offPool { [replica] in try replica.cursor() }, limit: limit, wait: wait)
            // A refusal is in the body of an error answer: read it here, where it is handled.
            if !first.answer.isSuccess { _ = try await first.page() }
        } catch let refusal as CursorRefused {
            report.cursorReset = true
            if refusal.stale {
                let repair = try await sendWhatServerLacks()
                report.resent += repair.sent
                report.rejected += repair.rejected
            }
            try await offPool { [replica] in try replica.resetCursor() }
            do {
                first = try await client.startPull(cursor: nil, limit: limit)
                if !first.answer.isSuccess { _ = try await first.page() }
            } catch is CursorRefused {
                throw ClientError.server(status: 409, message: "the server refuses even a fresh cursor")
            }
        }
        // The head names the cursor after the first page: the next pages are asked for before its
        // body is read, so the server builds them while this client decodes and merges the first.
        var stream: PageStream?
        if let next = first.next, next.hasMore {
            stream = PageStream(client: client, after: next.cursor, limit: limit, ahead: Self.pagesAhead)
        }
        defer { stream?.cancel() }
        var page = PreparedPage(try await first.page())
        if stream == nil, first.next == nil, page.page.hasMore {  // a server that sends the cursor only in the body
            stream = PageStream(client: client, after: page.page.cursor, limit: limit, ahead: Self.pagesAhead)
        }
        var pages = stream?.pages.makeAsyncIterator()
        while true {
            let merging = page
            let earlierConflicts = finishingSync && !page.page.hasMore ? report.conflicts : nil
            let (updated, conflicts) = try await offPool { [replica] in try replica.apply(merging, finishingSync: earlierConflicts) }
            report.pulled += updated
            report.removedOwners += page.page.removedOwners.count
            report.conflicts += conflicts
            progress(SyncProgress(phase: .pulling, done: report.pulled, total: nil))
            guard page.page.hasMore else { return }
            guard let decoding = try await pages?.next() else {
                throw ClientError.incompatibleServer(
                    "\(client.server) said more pages follow, then sent none (the cursor in its answer's head disagrees with the body)"
                )
            }
            stream?.taken()
            page = try await decoding.value
        }
    }

    /// Follows the server live: pushes what is queued, then long-polls for the next change, until cancelled.
    ///
    /// A server that cannot be reached (restarting, its proxy between instances, the network gone)
    /// does not end the watch: `onOutage` is told once with why, the watch tries again after 1, 2,
    /// 4 … at most 30 seconds (jittered), and `onOutage(nil)` says when the server is back.
    public func watch(
        waitSeconds: Int = 30,
        onUpdate: @Sendable (SyncReport) -> Void,
        onOutage: @Sendable (String?) -> Void = { _ in }
    ) async throws {
        var pause = 1.0
        var down = false
        while !Task.isCancelled {
            do {
                var report = SyncReport()
                try await endingSessionOnRefusal {
                    let info = try await client.knownOrFetchedInfo()
                    let wait = min(waitSeconds, info.limits.maxWaitSeconds)
                    try await push(limits: info.limits, into: &report, progress: { _ in })
                    try await pull(limit: min(pageSize, info.limits.maxPage), wait: wait, finishingSync: true, into: &report, progress: { _ in })
                }
                if down {
                    down = false
                    pause = 1
                    onOutage(nil)
                }
                if report != SyncReport() { onUpdate(report) }
            } catch let error as ClientError {
                guard case .unreachable = error else { throw error }
                if !down {
                    down = true
                    onOutage(error.description)
                }
                try await Task.sleep(for: .milliseconds(Int64(pause * 1000 * Double.random(in: 0.5...1.5))))
                pause = min(30, pause * 2)
            }
        }
    }

    /// When the server ends the session, forget the dead token so status shows it, and rethrow.
    /// Any failure also forgets the server's limits: a restarted server may have new ones.
    func endingSessionOnRefusal(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            client.forgetInfo()
            if case .sessionEnded = error as? ClientError { try? replica.clearToken() }
            throw error
        }
    }

    /// Runs a replica step — SQLite work and its fsyncs — on a dispatch thread instead of a
    /// cooperative one: a process syncing many replicas at once (a counselor's app, the benchmark)
    /// would otherwise park its few cooperative threads on disk waits and starve its network I/O.
    func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
