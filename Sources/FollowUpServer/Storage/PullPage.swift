import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation

/// One page of a pull, as stored: entity states as their stored JSON, ready to be sent as they are.
struct PullPage: Sendable {
    var entities: [Data]
    /// With updates asked for: the part made after the cursor of records the client holds.
    var updates: [Data]?
    var cursor: Cursor
    var hasMore: Bool
    var removedOwners: [UUID]
    var people: [AccountInfo]
    var replicas: [ReplicaInfo]
}

extension PullPage {
    /// A page with more to come, stopping at `last`.
    static func more(_ records: (entities: [Data], updates: [Data]?), after cursor: Cursor, last: PullCandidate) -> PullPage {
        PullPage(
            entities: records.entities,
            updates: records.updates,
            cursor: cursor.within(at: last),
            hasMore: true,
            removedOwners: [],
            people: [],
            replicas: []
        )
    }

    /// A pull's last page, read at sequence number `high`, with the owners the viewer lost and the
    /// people directory (empty when unchanged).
    static func last(
        _ records: (entities: [Data], updates: [Data]?),
        after cursor: Cursor,
        high: Int64,
        removed: [UUID],
        directory: (people: [AccountInfo], replicas: [ReplicaInfo])
    ) -> PullPage {
        PullPage(
            entities: records.entities,
            updates: records.updates,
            cursor: cursor.completed(at: high),
            hasMore: false,
            removedOwners: removed,
            people: directory.people,
            replicas: directory.replicas
        )
    }
}

/// A record a page may deliver, at its delivery number.
struct PullCandidate: Sendable {
    var seq: Int64
    /// The record's id as stored text (lowercase), which also orders records delivered at one number.
    var id: String
    /// Whether the viewer holds the record already (see ``PullRecords``).
    var held: Bool

    /// The first `limit` candidates in delivery order.
    static func first(_ limit: Int, of candidates: [PullCandidate]) -> [PullCandidate] {
        Array(candidates.sorted { ($0.seq, $0.id) < ($1.seq, $1.id) }.prefix(limit))
    }
}

/// The rules of a pull, which both backends follow, and what they share of building a page.
///
/// Each visible entity is delivered at its *delivery number*: its last change's sequence number,
/// or, if the viewer's grant on its owner started later (a new assignment), the grant's. Pages
/// follow delivery numbers (then entity ids), so a cursor never skips anything, and a new
/// assignment delivers the seeker's existing records at once. The last page also carries the
/// owners the viewer lost and, when it changed, the people directory.
///
/// A page reads one snapshot whose sequence stands at `high`, and delivers nothing above it; the
/// store guarantees that such a snapshot holds every number up to `high` (``SyncStore``), so a
/// cursor moved to a number has seen everything at or below it.
///
/// With `updates`, a record the viewer holds is sent as only the part made by changes that arrived
/// after its last completed pull (``Arrivals``), in `updates`. That pull's end — the cursor's
/// `directory`, not its `position` — is what the client is known to hold: a pull in pages
/// delivers each record at its last change, so a cursor between two pages is past records the
/// client has not been sent yet. After a completed pull ending at sequence number D, the client
/// holds every write that arrived by D of every record it may see, since each record's last
/// change was at most D when the last page read it. `held` marks the records the viewer holds:
/// changed since, on a grant that began before D.
enum PullRecords {
    /// The page's records: whole states, and with `updates` the parts of held records.
    static func assemble(
        _ page: some Collection<PullCandidate>,
        stored: [String: (state: Data, arrivals: Data?)],
        after directory: Int64,
        updates: Bool
    ) throws -> (entities: [Data], updates: [Data]?) {
        var entities: [Data] = []
        entities.reserveCapacity(page.count)
        var partials: [Data] = []
        for candidate in page {
            guard let row = stored[candidate.id] else { throw StorageError.corrupt("entity \(candidate.id) is listed but has no state") }
            guard updates, candidate.held, let arrivals = row.arrivals else {
                entities.append(row.state)
                continue
            }
            switch try update(row.state, arrivals: arrivals, after: directory, record: candidate.id) {
            case .whole: entities.append(row.state)
            case .part(let part): partials.append(part)
            case .nothing: continue
            }
        }
        return (entities, updates ? partials : nil)
    }

    /// What of a record a client that holds its writes up to `position` is sent.
    private enum Update {
        /// All of it: every change it shows arrived after the position (the client cannot hold it).
        case whole
        /// The part made after the position, encoded.
        case part(Data)
        /// Nothing: what arrived after the position left no trace (a value let go at once).
        case nothing
    }

    private static func update(_ stored: Data, arrivals blob: Data, after position: Int64, record: String) throws -> Update {
        let arrivals = try Arrivals(stored: blob, record: record)
        let new = arrivals.stamps(after: position)
        if new.count == arrivals.sequence.count { return .whole }
        let state: EntityState
        do {
            state = try EntityState.decode(json: stored)
        } catch {
            throw StorageError.corrupt("record \(record) could not be read: \(error)")
        }
        guard let part = state.restricted(to: new) else { return .nothing }
        return .part(part.jsonData)
    }

    /// Why a cursor past the data is refused.
    static let aheadOfData = StorageError.aheadOfData(
        "the cursor is ahead of this server's data (it was probably restored from a backup): push again what it may lack (SPEC §6.2), then pull without a cursor"
    )
}

extension Cursor {
    /// Where a page that stops at `last` (more to come) leaves the client.
    func within(at last: PullCandidate) -> Cursor {
        Cursor(server: server, epoch: epoch, account: account, position: last.seq, tie: UUID(text: last.id), directory: directory)
    }

    /// Where a pull's last page, read at sequence number `high`, leaves the client.
    func completed(at high: Int64) -> Cursor {
        Cursor(server: server, epoch: epoch, account: account, position: high, tie: nil, directory: high)
    }
}
