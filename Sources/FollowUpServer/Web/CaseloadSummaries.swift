import FollowUpCore
import Foundation
import Synchronization

/// What the caseload page needs of one seeker's records, kept between requests: the number of
/// interviews, the dates of each open follow-up, and when anything last changed.
///
/// A summary is made at the owner's greatest sequence number and used while that number stands,
/// so a page for 300 seekers decodes only the records of seekers who changed since it was last
/// shown (all of them after a restart, 20 seekers at a time, to bound memory). "Overdue" and "due
/// this week" are counted from the kept dates on each request, since they change with the day.
final class CaseloadSummaries: Sendable {
    struct Summary: Sendable {
        var sequence: Int64
        var interviews: Int
        var openFollowUps: [(earliest: LocalDate?, latest: LocalDate?, snoozedUntil: LocalDate?)]
        var lastChanged: Timestamp?
    }

    private let database: any SyncStore
    private let summaries = Mutex<[UUID: Summary]>([:])
    /// Summaries kept at most; past it the cache starts over (a server with many counselors).
    static let capacity = 20_000

    init(database: any SyncStore) {
        self.database = database
    }

    /// A current summary for each of `owners`.
    func summaries(of owners: [UUID]) async throws -> [UUID: Summary] {
        let sequences = try await database.lastSequences(owners: owners)
        var current = summaries.withLock { cached in owners.reduce(into: [UUID: Summary]()) { $0[$1] = cached[$1] } }
        let stale = owners.filter { owner in current[owner]?.sequence != sequences[owner] ?? 0 }
        // 20 seekers at a time: one read each, and their decoded records let go before the next.
        var fresh: [UUID: Summary] = [:]
        for start in stride(from: 0, to: stale.count, by: 20) {
            let chunk = Array(stale[start..<min(start + 20, stale.count)])
            fresh.merge(try await Self.summaries(of: chunk, sequences: sequences, in: database)) { _, new in new }
        }
        current.merge(fresh) { _, new in new }
        summaries.withLock { cached in
            if cached.count + fresh.count > Self.capacity { cached.removeAll() }
            cached.merge(fresh) { _, new in new }
        }
        return current
    }

    private static func summaries(of owners: [UUID], sequences: [UUID: Int64], in database: any SyncStore) async throws -> [UUID: Summary] {
        let states = Dictionary(grouping: try await database.states(owners: owners), by: \.owner)
        return owners.reduce(into: [:]) { $0[$1] = summary(of: states[$1] ?? [], at: sequences[$1] ?? 0) }
    }

    static func summary(of states: [EntityState], at sequence: Int64) -> Summary {
        let live = states.filter { !$0.isDeleted }
        return Summary(
            sequence: sequence,
            interviews: live.filter { $0.type == .interview }.count,
            openFollowUps: live.compactMap(FollowUp.init).filter(\.isOpen).map { ($0.earliest, $0.latest, $0.snoozedUntil) },
            lastChanged: states.compactMap(\.lastChanged).max()
        )
    }
}
