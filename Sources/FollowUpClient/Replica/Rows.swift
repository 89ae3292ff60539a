public import FollowUpCore
public import Foundation

extension String {
    /// The first 8 characters of an id, as listings show it.
    public var shortID: String { String(prefix(8)) }
}

/// One interview in a listing.
public struct InterviewSummary: Codable, Sendable, Identifiable, Equatable {
    /// Ids in listings are lowercase text, as everywhere on the wire.
    public var id: String
    public var seeker: String?
    public var company: String?
    public var position: String?
    public var date: LocalDate?
    public var time: String?
    public var format: String?
    public var status: String?
    public var openFollowUps: Int
    public var deleted: Bool
}

/// One follow-up in a to-do listing, with what it is about.
public struct FollowUpItem: Codable, Sendable, Identifiable, Equatable {
    public var id: String
    public var seeker: String?
    public var interviewID: String?
    public var company: String?
    public var position: String?
    public var kind: String?
    public var channel: String?
    public var recipient: String?
    public var earliest: LocalDate?
    public var latest: LocalDate?
    public var status: String?
    public var snoozedUntil: LocalDate?
    public var doneAt: String?
    public var outcome: String?
    public var attempts: Int
    /// `overdue`, `due`, `upcoming`, `snoozed` or `closed`, as of the listing's day.
    public var urgency: String
    /// How it stands, in words: "overdue 2 days", "in 3 days" …
    public var when: String
}

/// Which follow-ups a listing shows.
public enum FollowUpFilter: String, Sendable, CaseIterable {
    /// Due today or overdue.
    case today
    /// Overdue, or due within the next seven days.
    case week
    /// Past their window only.
    case overdue
    /// Every open follow-up.
    case open
    /// Everything, done and skipped included.
    case all
}

/// One seeker of a counselor's caseload.
public struct CaseloadEntry: Codable, Sendable, Equatable {
    public var seeker: String
    public var username: String
    public var displayName: String
    public var interviews: Int
    public var overdue: Int
    public var dueThisWeek: Int
    /// The last time anything of theirs changed, on any device.
    public var lastActivity: Date?
    public var daysSinceActivity: Int?
}

/// Every value each field of a record has had, who set it, from which device, and which values a
/// concurrent edit replaced.
public struct RecordHistory: Codable, Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var value: String
        public var at: String
        public var when: Date
        public var author: String?
        public var device: String?
        public var thisDevice: Bool
        /// `current`, `replaced` (someone saw it and changed it) or `replaced-concurrently`
        /// (overwritten by an edit made without seeing it).
        public var status: String
    }

    public struct Field: Codable, Sendable {
        public var name: String
        public var entries: [Entry]
        /// When the newest value the field let go was written: older values than `entries` existed
        /// up to then but are no longer kept (SPEC §4.2). `nil` when nothing was let go.
        public var forgottenThrough: Date?
    }

    public struct Element: Codable, Sendable {
        public var field: String
        public var element: String
        public var label: String
        public var present: Bool
        public var added: [Entry]
        public var removed: [Entry]
    }

    public var id: String
    public var type: String
    public var fields: [Field]
    public var elements: [Element]
}

/// A value a concurrent edit replaced, noticed during a sync.
public struct ConflictRecord: Codable, Sendable, Equatable {
    public var record: String
    public var type: String?
    public var field: String
    public var lostValue: String
    public var lostAt: String
    public var keptValue: String
    public var keptAt: String
    public var noticedAt: String
}

/// What `status` shows.
public struct ReplicaStatus: Codable, Sendable {
    public var home: String
    public var replica: String
    public var server: String?
    public var account: String?
    public var role: String?
    public var device: String?
    public var loggedIn: Bool
    public var queuedChanges: Int
    public var rejectedChanges: Int
    public var lastSync: String?
    public var conflictsAtLastSync: Int
    public var records: Int
}
