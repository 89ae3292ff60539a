import FollowUpCore
import FollowUpProtocol
import Foundation

/// The records and the change sequence: pushes, pulls, change fates and the reads of merged state
/// the web page and the calendar feeds make.
///
/// Every sync event (an accepted change, an assignment starting or ending, a new device) takes the
/// next number of one sequence, and an implementation guarantees that **a reader's snapshot holds
/// every number up to the highest it shows, and none above**: sequence order is commit order.
/// That is what lets a pull cursor never skip a change (SPEC §6, `docs/design/cursor.md`).
protocol SyncStore: Sendable {
    /// A random id made when the data set is first used; cursors carry it.
    var serverID: UUID { get }
    /// The data set's line of history (a restore starts a new one); cursors carry it.
    var epoch: UUID { get }

    /// Merges a batch of changes in one transaction and answers each one; also says whether
    /// anything new was accepted.
    func push(_ entries: [PushBatch.Entry], rules: PushRules) async throws -> (results: [PushResult], acceptedNew: Bool)
    /// The next page for `viewer` after `cursor`, read from one consistent snapshot.
    func pull(viewer: UUID, after cursor: Cursor, limit: Int, updates: Bool) async throws -> PullPage
    /// The content digest of every record `viewer` may see now, by id.
    func digests(viewer: UUID) async throws -> [UUID: String]
    /// Forgets the fates of changes recorded before `day` (days since 1970-01-01), a batch of rows
    /// per transaction so pushes are never held up for long; returns how many.
    func pruneFates(recordedBefore day: Int64, batchSize: Int) async throws -> Int

    /// Every record of these owners, decoded, from one snapshot.
    func states(owners: [UUID]) async throws -> [EntityState]
    /// The interviews, interviewers and follow-ups of these owners, decoded, from one snapshot.
    func calendarStates(owners: [UUID]) async throws -> [EntityState]
    /// One record, if it exists.
    func state(of id: UUID) async throws -> EntityState?
    /// The greatest sequence number among each owner's records (owners without records left out).
    func lastSequences(owners: [UUID]) async throws -> [UUID: Int64]

    /// Calls `changed` whenever something may have been committed by another process or server
    /// instance, until cancelled or the database fails (it throws then, and is called again). Wakes
    /// long polls.
    func watchCommits(interval: Duration, changed: @escaping @Sendable () async -> Void) async throws
    /// A trivial read, for health checks.
    func ping() async throws
    func close() async throws
}

/// Both stores over one database: a server needs both, and an assignment (account store) takes a
/// number of the same sequence as a push (sync store).
typealias ServerStore = AccountStore & SyncStore

extension SyncStore {
    func pruneFates(recordedBefore day: Int64) async throws -> Int {
        try await pruneFates(recordedBefore: day, batchSize: 5_000)
    }
}
