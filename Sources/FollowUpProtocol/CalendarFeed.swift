public import Foundation

/// `POST /v1/calendar-feed`: the account's secret calendar address, for a phone or a calendar
/// application to subscribe to (SPEC §8.1). Whoever has the URL can read the feed: it is shown
/// once; asking again makes a new one and ends the old.
public struct CalendarFeedInfo: Codable, Hashable, Sendable {
    /// The full address, as the server was reached.
    public var url: String
    /// The same address's path, `/calendar/<token>.ics`, for a client that knows the server's address better.
    public var path: String
    public var createdAt: Date

    public init(url: String, path: String, createdAt: Date) {
        self.url = url
        self.path = path
        self.createdAt = createdAt
    }
}
