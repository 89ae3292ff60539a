import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation

/// What `followup sync --verify` found and did.
public struct RepairReport: Codable, Sendable, Equatable {
    /// Records compared (held here, on the server, or both).
    public var checked = 0
    /// Records whose digests differed before the repair.
    public var differing = 0
    /// Changes of this device sent again for them.
    public var sent = 0
    public var rejected: [String] = []
    /// Records merged from the server in the full pull that followed.
    public var pulled = 0
    /// Records still different afterwards, with why: writes another account's device made that
    /// only this replica still holds (only that device may send them).
    public var stillDiffering: [String] = []

    public init() {}
}

extension Synchronizer {
    /// Compares every record with the server by digest and repairs both sides: the queue is pushed,
    /// this device's writes the server lacks are sent again, and everything is pulled from the start.
    public func verify(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> RepairReport {
        let info = try await client.knownOrFetchedInfo()
        var report = RepairReport()
        try await endingSessionOnRefusal {
            var sync = SyncReport()
            try await push(limits: info.limits, into: &sync, progress: progress)
            let repair = try await sendWhatServerLacks()
            report.checked = repair.checked
            report.differing = repair.differing
            report.sent = repair.sent
            report.rejected = sync.rejected + repair.rejected
            try await offPool { [replica] in try replica.resetCursor() }
            try await pull(limit: min(pageSize, info.limits.maxPage), finishingSync: true, into: &sync, progress: progress)
            report.pulled = sync.pulled
            let server = try await client.digests()
            let local = try await offPool { [replica] in try replica.digests() }
            report.stillDiffering = local.keys.filter { server[$0] != local[$0] }.sorted { $0.uuidString < $1.uuidString }.map {
                "\($0.uuidString.lowercased().prefix(8)): holds writes of another account's device that the server lacks; only that device can send them"
            }
        }
        return report
    }

    /// Sends again, for every record on which this replica and the server differ, the changes
    /// this account's devices made to it (a server restored from a backup lacks those made after the backup).
    /// Changes the server has already merge as no-ops.
    func sendWhatServerLacks() async throws -> (checked: Int, differing: Int, sent: Int, rejected: [String]) {
        let info = try await client.knownOrFetchedInfo()
        let server = try await client.digests()
        let local = try await offPool { [replica] in try replica.digests() }
        let differing = local.keys.filter { server[$0] != local[$0] }
        let changes = try await offPool { [replica] in try replica.repairChanges(for: differing) }
        var sent = 0
        var rejected: [String] = []
        let batchSize = max(1, min(info.limits.maxBatch, pushBatchSize))
        let maxBytes = info.limits.maxBodyBytes / 2
        var start = changes.startIndex
        while start < changes.endIndex {
            var end = start
            var bytes = 0
            while end < changes.endIndex, end - start < batchSize {
                bytes += changes[end].jsonData.count + 1
                if bytes > maxBytes && end > start { break }
                end += 1
            }
            let response = try await client.push(Array(changes[start..<end]))
            for result in response.results {
                if result.status == .accepted {
                    sent += 1
                } else {
                    rejected.append("\(result.id.lowercased.prefix(8)): \(result.rejection?.message ?? "rejected")")
                }
            }
            start = end
        }
        let serverOnly = server.keys.filter { local[$0] == nil }.count
        return (Set(server.keys).union(local.keys).count, differing.count + serverOnly, sent, rejected)
    }
}
