import FollowUpCore
import FollowUpProtocol
import Foundation
import Synchronization

/// Secret calendar feeds: making and revoking an account's feed address, and serving the feed
/// (interviews and open follow-ups, the caseload's for a counselor) to whoever holds the address.
///
/// The token in the address is the only credential, as with the feeds Google Calendar and Outlook
/// publish; only its SHA-256 is stored. Each feed is read at most ``requestsPerWindow`` times per
/// ``window``: calendar applications poll every few minutes at most, and a leaked address cannot be
/// used to load the server. Addresses that name no feed are counted per client address, at most
/// ``missesPerWindow`` per window, so that tokens cannot be guessed at speed.
final class CalendarFeedService: Sendable {
    static let requestsPerWindow = 30
    static let missesPerWindow = 30
    static let window: TimeInterval = 600
    /// Keys each count keeps at most (feeds read, client addresses that missed).
    static let countedKeys = 10_000

    private let database: any ServerStore
    private let now: @Sendable () -> Date
    private let reads = Mutex(WindowCounts(limit: requestsPerWindow, window: window, capacity: countedKeys))
    private let misses = Mutex(WindowCounts(limit: missesPerWindow, window: window, capacity: countedKeys))

    init(database: any ServerStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// A new feed address for the caller, ending any earlier one. `base` is the server's address
    /// as the request reached it.
    func create(for identity: Identity, base: String) async throws -> CalendarFeedInfo {
        let token = BearerToken.generate()
        let created = now()
        try await database.replaceCalendarFeed(account: identity.account.id, tokenHash: BearerToken.hash(token), now: created)
        let path = "\(Endpoint.calendars)/\(token).ics"
        return CalendarFeedInfo(url: base + path, path: path, createdAt: created)
    }

    func revoke(for identity: Identity) async throws {
        guard try await database.revokeCalendarFeed(account: identity.account.id) else {
            throw APIError(.notFound, detail: "you have no calendar feed")
        }
    }

    /// The iCalendar document of the feed named `file` (`<token>.ics`).
    ///
    /// A document is kept per account and served again while none of its owners' records changed
    /// (their greatest sequence numbers stand), the owners and their names are the same, and so is
    /// the day: calendar applications poll, and most polls find nothing new.
    func feed(file: String, client: String?) async throws -> String {
        let moment = now()
        let clientKey = client ?? "unknown"
        if let wait = misses.withLock({ $0.wait(for: clientKey, at: moment) }) { throw Self.tooManyMisses(retryAfter: wait) }
        guard file.hasSuffix(".ics"), file.utf8.count <= 80 else { throw miss(by: clientKey, at: moment) }
        let hash = BearerToken.hash(String(file.dropLast(4)))
        guard let account = try await database.calendarFeedAccount(tokenHash: hash) else { throw miss(by: clientKey, at: moment) }
        if let wait = reads.withLock({ $0.count(hash, at: moment) }) {
            throw APIError(
                .tooManyRequests,
                detail: "this calendar feed was read \(Self.requestsPerWindow) times in \(Int(Self.window / 60)) minutes; try again later",
                retryAfter: wait
            )
        }
        let owners = try await database.visibleOwners(viewer: account.id)
        let sequences = try await database.lastSequences(owners: owners.map(\.id))
        let day = LocalDate(moment, in: .current)
        if let kept = documents.withLock({ $0[account.id] }), kept.owners == owners, kept.sequences == sequences, kept.day == day {
            return kept.text
        }
        let others = owners.filter { $0.id != account.id }
        let isCaseload = !others.isEmpty
        let name = isCaseload ? "FollowUp — \(account.displayName)'s caseload" : "FollowUp — \(account.displayName)"
        let names = Dictionary(uniqueKeysWithValues: others.map { ($0.id, $0.displayName) })
        let text = CalendarDocument(form: .subscription, name: name, ownerNames: names)
            .write(try await database.calendarStates(owners: owners.map(\.id)), now: moment)
        documents.withLock { documents in
            if documents.count >= Self.keptDocuments { documents.removeAll() }
            documents[account.id] = (owners, sequences, day, text)
        }
        return text
    }

    /// Documents kept at most (one per account); past it the cache starts over.
    static let keptDocuments = 256
    private let documents = Mutex<[UUID: (owners: [VisibleOwner], sequences: [UUID: Int64], day: LocalDate, text: String)]>([:])

    private static let unknown = APIError(.notFound, detail: "no calendar feed has this address (it may have been revoked)")

    /// Counts an address that named no feed; the error to answer it with.
    private func miss(by client: String, at moment: Date) -> APIError {
        misses.withLock { _ = $0.count(client, at: moment) }
        return Self.unknown
    }

    private static func tooManyMisses(retryAfter: Int) -> APIError {
        APIError(
            .tooManyRequests,
            detail: "too many calendar feed addresses that name no feed came from your address; try again later",
            retryAfter: retryAfter
        )
    }

    /// How many client addresses the count of misses holds now (bounded by ``countedKeys``).
    var countedAddresses: Int { misses.withLock { $0.keyCount } }
}
