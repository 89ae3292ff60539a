public import Foundation

/// When an interview takes place, as the invitation says it: a date, a time and the time zone
/// of the place (an IANA identifier such as `America/Chicago`).
///
/// Kept as wall-clock parts rather than an instant so that the follow-up plan counts working days
/// in the interview's own calendar, and so that a date and a time edited on two devices merge as two fields.
public struct InterviewTime: Hashable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    public let time: LocalTime
    public let timeZone: TimeZone

    public init(date: LocalDate, time: LocalTime, timeZone: TimeZone) {
        self.date = date
        self.time = time
        self.timeZone = timeZone
    }

    /// The instant the interview starts.
    public var instant: Date {
        let local = TimeInterval(date.daysSinceEpoch * 86_400 + time.minutesSinceMidnight * 60)
        // The offset depends on the instant (daylight saving time); two rounds settle it, and in the
        // hour a clock skips the result is the hour after, as a person arriving would find it.
        var guess = Date(timeIntervalSince1970: local - TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local))))
        guess = Date(timeIntervalSince1970: local - TimeInterval(timeZone.secondsFromGMT(for: guess)))
        return guess
    }

    /// `2026-11-20 14:30 America/Chicago`.
    public var description: String { "\(date) \(time) \(timeZone.identifier)" }
}
