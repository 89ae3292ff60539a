public import FollowUpCore
import Foundation
import GRDB

/// This device's own preferences (not synced): the working calendar the planner counts in, and
/// who signs the thank-you drafts.
public struct Settings: Codable, Sendable, Equatable {
    public var holidays: [LocalDate] = []
    public var weekend: [Weekday] = [.saturday, .sunday]
    public var mailTransitDays: Int = 2
    public var senderName: String?
    public var senderAddress: String?
    public var senderEmail: String?
    public var senderPhone: String?

    public init() {}

    /// Settings written by an earlier version lack the keys added since: those take their
    /// defaults. A value of the wrong kind is an error, never a silent default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        holidays = try container.decodeIfPresent([LocalDate].self, forKey: .holidays) ?? []
        weekend = try container.decodeIfPresent([Weekday].self, forKey: .weekend) ?? [.saturday, .sunday]
        mailTransitDays = try container.decodeIfPresent(Int.self, forKey: .mailTransitDays) ?? 2
        senderName = try container.decodeIfPresent(String.self, forKey: .senderName)
        senderAddress = try container.decodeIfPresent(String.self, forKey: .senderAddress)
        senderEmail = try container.decodeIfPresent(String.self, forKey: .senderEmail)
        senderPhone = try container.decodeIfPresent(String.self, forKey: .senderPhone)
    }

    public var planner: FollowUpPlanner {
        FollowUpPlanner(calendar: WorkingCalendar(weekend: Set(weekend), holidays: Set(holidays)), mailTransitWorkingDays: mailTransitDays)
    }
}

extension Replica {
    public func settings() throws -> Settings {
        try read { db in try Self.settings(db) }
    }

    static func settings(_ db: Database) throws -> Settings {
        guard let text = try Meta.get(.settings, db) else { return Settings() }
        do {
            return try JSONDecoder().decode(Settings.self, from: Data(text.utf8))
        } catch {
            // Defaults here would be written back over the user's settings at the next change.
            throw ClientError.storage(
                "this device's settings cannot be read (\(error)); fix them with `followup config` after `followup config --reset`"
            )
        }
    }

    public func updateSettings(_ change: (inout Settings) throws -> Void) throws -> Settings {
        try storage {
            try queue.write { db in
                var settings = try Self.settings(db)
                try change(&settings)
                try Meta.set(.settings, String(decoding: try JSONEncoder().encode(settings), as: UTF8.self), db)
                return settings
            }
        }
    }

    /// Forgets every setting, readable or not.
    public func resetSettings() throws {
        try storage { try queue.write { db in try Meta.set(.settings, nil, db) } }
    }
}
