public import Foundation

/// One follow-up task after an interview: a thank-you, a phone call or a status check.
///
/// Whether it is due or overdue is never stored: it depends on today, which the caller passes to
/// ``urgency(on:)`` from its own clock.
public struct FollowUp: Hashable, Sendable, Identifiable {
    public enum Field {
        public static let interview = "interview"
        public static let kind = "kind"
        public static let channel = "channel"
        /// An ``Interviewer`` id; absent when addressed to the hiring team in general.
        public static let recipient = "recipient"
        public static let earliest = "earliest"
        public static let latest = "latest"
        public static let status = "status"
        /// Why it was skipped.
        public static let reason = "reason"
        /// When it was done, an ISO 8601 instant.
        public static let doneAt = "doneAt"
        /// What came of it ("left a voicemail", "they decide on Friday").
        public static let outcome = "outcome"
        public static let snoozedUntil = "snoozedUntil"
        /// Multi-valued: ISO 8601 instants of call attempts, so attempts on two devices all count.
        public static let attempts = "attempts"
        /// Why the planner chose this channel and window, shown beside the task.
        public static let rationale = "rationale"
    }

    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        case thankYou = "thank-you"
        case call
        case statusCheck = "status-check"

        public var label: String {
            switch self {
            case .thankYou: "thank-you"
            case .call: "phone call"
            case .statusCheck: "status check"
            }
        }
    }

    public enum Channel: String, CaseIterable, Hashable, Sendable, Codable {
        case mail, email, phone
    }

    public enum Status: String, CaseIterable, Hashable, Sendable, Codable {
        case planned, drafted
        /// A call was tried without reaching anyone; it stays open.
        case attempted
        case done, skipped

        public var isOpen: Bool {
            switch self {
            case .planned, .drafted, .attempted: true
            case .done, .skipped: false
            }
        }
    }

    public let id: UUID
    public let owner: UUID
    public var interviewID: UUID?
    public var kind: Kind?
    public var channel: Channel?
    public var recipientID: UUID?
    public var earliest: LocalDate?
    public var latest: LocalDate?
    /// `nil` when unset or set by a newer client to something this version does not know.
    public var status: Status?
    public var reason: String?
    public var doneAt: String?
    public var outcome: String?
    public var snoozedUntil: LocalDate?
    public var attempts: [String]
    public var rationale: String?
    public var isDeleted: Bool

    public init?(_ state: EntityState) {
        guard state.type == .followUp else { return nil }
        id = state.id
        owner = state.owner
        interviewID = state.uuid(Field.interview)
        kind = state.enumeration(Field.kind)
        channel = state.enumeration(Field.channel)
        recipientID = state.uuid(Field.recipient)
        earliest = state.date(Field.earliest)
        latest = state.date(Field.latest)
        status = state.enumeration(Field.status)
        reason = state.text(Field.reason)
        doneAt = state.text(Field.doneAt)
        outcome = state.text(Field.outcome)
        snoozedUntil = state.date(Field.snoozedUntil)
        attempts = state.elements(Field.attempts)
        rationale = state.text(Field.rationale)
        isDeleted = state.isDeleted
    }

    /// Open unless done or skipped; a follow-up whose status is unknown counts as open, so nothing
    /// a newer client marks is silently dropped from a to-do list.
    public var isOpen: Bool { !isDeleted && (status?.isOpen ?? true) }

    /// Where this follow-up stands on `today`.
    public func urgency(on today: LocalDate) -> Urgency {
        Self.urgency(isOpen: isOpen, earliest: earliest, latest: latest, snoozedUntil: snoozedUntil, on: today)
    }

    /// The urgency rule on its own, for callers holding the dates but not the whole record (a
    /// listing read from an index): closed, snoozed, overdue after the window, upcoming before it,
    /// due within it.
    public static func urgency(isOpen: Bool, earliest: LocalDate?, latest: LocalDate?, snoozedUntil: LocalDate?, on today: LocalDate) -> Urgency {
        guard isOpen else { return .closed }
        if let snoozedUntil, snoozedUntil > today { return .snoozed(until: snoozedUntil) }
        if let latest, today > latest { return .overdue(days: latest.distance(to: today)) }
        if let earliest, today < earliest { return .upcoming(inDays: today.distance(to: earliest)) }
        return .due
    }

    /// The date it should be looked at next: the end of a snooze, otherwise the start of its window.
    public var nextDate: LocalDate? {
        if let snoozedUntil, let earliest { return max(snoozedUntil, earliest) }
        return snoozedUntil ?? earliest ?? latest
    }

    /// How a follow-up stands on a given day.
    public enum Urgency: Hashable, Sendable {
        /// Done, skipped or deleted.
        case closed
        /// Put off until a date after today.
        case snoozed(until: LocalDate)
        /// Its window has not opened yet.
        case upcoming(inDays: Int)
        /// Its window is open today.
        case due
        /// Its window closed this many days ago.
        case overdue(days: Int)

        public var label: String {
            switch self {
            case .closed: "closed"
            case let .snoozed(until): "snoozed until \(until)"
            case let .upcoming(days): days == 1 ? "tomorrow" : "in \(days) days"
            case .due: "due"
            case let .overdue(days): days == 1 ? "overdue 1 day" : "overdue \(days) days"
            }
        }
    }
}
