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
        return (try? JSONDecoder().decode(Settings.self, from: Data(text.utf8))) ?? Settings()
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
}
