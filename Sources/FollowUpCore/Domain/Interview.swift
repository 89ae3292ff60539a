public import Foundation

/// A job interview, read from its entity.
///
/// The fields mirror what a person writes down about an interview: the company and position,
/// when and where, how (in person, by phone, by video), with whom, the decision date if the
/// employer stated one, and how it stands.
public struct Interview: Hashable, Sendable, Identifiable {
    /// Field names in the entity.
    public enum Field {
        public static let company = "company"
        public static let position = "position"
        public static let date = "date"
        public static let time = "time"
        public static let timeZone = "timeZone"
        public static let format = "format"
        public static let location = "location"
        public static let decisionDate = "decisionDate"
        public static let status = "status"
        /// Free-form details: logistics, who to ask for at the desk, first impressions.
        public static let details = "details"
        /// Multi-valued: ids of ``Interviewer`` entities.
        public static let interviewers = "interviewers"
        /// Multi-valued: free-form labels.
        public static let tags = "tags"
    }

    public enum Format: String, CaseIterable, Hashable, Sendable, Codable {
        case inPerson = "in-person"
        case phone
        case video
    }

    public enum Status: String, CaseIterable, Hashable, Sendable, Codable {
        case scheduled, held, offer, rejected, withdrawn
        case noResponse = "no-response"
    }

    public let id: UUID
    public let owner: UUID
    public var company: String?
    public var position: String?
    public var date: LocalDate?
    public var time: LocalTime?
    public var timeZone: TimeZone?
    public var format: Format?
    public var location: String?
    public var decisionDate: LocalDate?
    /// `nil` when not set, or set by a newer client to a status this version does not know.
    public var status: Status?
    public var details: String?
    /// In the order they were added: the first is the main contact (the one to call).
    public var interviewerIDs: [UUID]
    public var tags: [String]
    public var isDeleted: Bool

    /// Reads an interview; `nil` when the entity is of another type.
    public init?(_ state: EntityState) {
        guard state.type == .interview else { return nil }
        id = state.id
        owner = state.owner
        company = state.text(Field.company)
        position = state.text(Field.position)
        date = state.date(Field.date)
        time = state.string(Field.time).flatMap { LocalTime(iso: $0) }
        timeZone = state.string(Field.timeZone).flatMap { TimeZone(identifier: $0) }
        format = state.enumeration(Field.format)
        location = state.text(Field.location)
        decisionDate = state.date(Field.decisionDate)
        status = state.enumeration(Field.status)
        details = state.text(Field.details)
        interviewerIDs = (state.sets[Field.interviewers]?.presentInOrderAdded ?? []).compactMap { UUID(uuidString: $0) }
        tags = state.elements(Field.tags)
        isDeleted = state.isDeleted
    }

    /// When the interview starts, if its date is known; a missing time reads as 09:00 and a missing
    /// time zone as `fallbackZone` (the seeker's own).
    public func start(fallbackZone: TimeZone) -> InterviewTime? {
        guard let date else { return nil }
        return InterviewTime(date: date, time: time ?? Self.defaultTime, timeZone: timeZone ?? fallbackZone)
    }

    /// "Acme — Data analyst", for lists and subjects.
    public var title: String {
        switch (company, position) {
        case let (company?, position?): "\(company) — \(position)"
        case let (company?, nil): company
        case let (nil, position?): position
        case (nil, nil): "Untitled interview"
        }
    }

    static let defaultTime = LocalTime(validHour: 9, minute: 0)

    /// Whether a place reads as a postal address a letter can be sent to: it has a number (a
    /// street or a postal code) and is not a link ("Zoom", "https://meet…" are not).
    public static func isPostalAddress(_ place: String) -> Bool {
        !place.contains("://") && !place.lowercased().hasPrefix("www.") && place.contains(where: \.isNumber)
    }
}
