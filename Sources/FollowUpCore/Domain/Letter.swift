public import Foundation

/// The thank-you as the seeker will send it: the first draft composed from the notes, then the
/// seeker's own text, edited on any device and merged like any other field (the replaced text stays
/// in history).
///
/// There is one per interview and recipient, with a name-based id, so two devices drafting the same
/// thank-you write the same record. `.eml`, `mailto:`, the printed letter and the web page's
/// download all use its text; marking it sent records when and how, and closes the thank-you.
public struct Letter: Hashable, Sendable, Identifiable {
    public enum Field {
        public static let interview = "interview"
        /// The ``Interviewer`` id it is addressed to; absent for the hiring team.
        public static let recipient = "recipient"
        public static let channel = "channel"
        public static let subject = "subject"
        public static let body = "body"
        /// The instant it was sent (ISO 8601), and how.
        public static let sentAt = "sentAt"
        public static let sentVia = "sentVia"
    }

    /// How a thank-you went out.
    public enum Delivery: String, CaseIterable, Hashable, Sendable, Codable {
        case mail, email, hand

        public var label: String {
            switch self {
            case .mail: "by mail"
            case .email: "by email"
            case .hand: "by hand"
            }
        }
    }

    public let id: UUID
    public let owner: UUID
    public var interviewID: UUID?
    public var recipientID: UUID?
    public var channel: FollowUp.Channel?
    public var subject: String?
    public var body: String?
    public var sentAt: String?
    public var sentVia: Delivery?
    public var isDeleted: Bool

    public init?(_ state: EntityState) {
        guard state.type == .letter else { return nil }
        id = state.id
        owner = state.owner
        interviewID = state.uuid(Field.interview)
        recipientID = state.uuid(Field.recipient)
        channel = state.enumeration(Field.channel)
        subject = state.text(Field.subject)
        // The body keeps its blank lines and spacing as the seeker wrote them.
        body = state.string(Field.body)
        sentAt = state.text(Field.sentAt)
        sentVia = state.enumeration(Field.sentVia)
        isDeleted = state.isDeleted
    }

    public var isSent: Bool { sentAt != nil }

    /// The letter's id for an interview and recipient (`nil`: the hiring team).
    public static func id(interview: UUID, recipient: UUID?) -> UUID {
        UUID.nameBased(namespace: interview, name: "letter:" + (recipient?.lowercased ?? "hiring-team"))
    }
}
