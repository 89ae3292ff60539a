import FollowUpCoreFixtures
import Foundation
import Testing

@testable import FollowUpCore

@Suite("Dates and working days")
struct CalendarTests {
    @Test("ISO dates parse exactly and reject impossible days")
    func parsing() {
        #expect(LocalDate(iso: "2028-02-29")?.day == 29)
        #expect(LocalDate(iso: "2000-02-29") != nil)
        #expect(LocalDate(iso: "2027-02-29") == nil)
        #expect(LocalDate(iso: "2100-02-29") == nil)
        #expect(LocalDate(iso: "2026-04-31") == nil)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "2026-1-01") == nil)
        #expect(LocalDate(iso: "26-11-28") == nil)
        #expect(LocalDate(iso: "2026/11/28") == nil)
        #expect(LocalDate(iso: "tomorrow") == nil)
        #expect(LocalDate(iso: "2026-11-28")?.description == "2026-11-28")
    }

    @Test("days since the epoch round-trip over four centuries")
    func epochRoundTrip() {
        for days in stride(from: -200_000, through: 200_000, by: 7) {
            let date = LocalDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(LocalDate(iso: date.description) == date)
            #expect(Array(date.description.utf8).withUnsafeBufferPointer { LocalDate(isoUTF8: $0) } == date)
        }
        for text in ["2027-02-29", "2026-1-01", "2026/11/28", ""] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { LocalDate(isoUTF8: $0) } == nil, "\(text)")
        }
        #expect(LocalDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(LocalDate(year: 5, month: 1, day: 9)?.description == "0005-01-09")
        #expect(LocalDate(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
        // Past the four-digit years the arithmetic can still reach: written in full, not cut.
        #expect(LocalDate(daysSinceEpoch: 2_932_897).description == "10000-01-01")
        // A substring parses like a string (its bytes may not be contiguous in the same way).
        #expect(LocalDate(iso: "on 2026-11-28".dropFirst(3)) == LocalDate(year: 2026, month: 11, day: 28))
    }

    @Test("weekdays")
    func weekdays() {
        #expect(Fixture.date("1970-01-01").weekday == .thursday)
        #expect(Fixture.date("2026-11-28").weekday == .saturday)
        #expect(Fixture.date("2027-01-01").weekday == .friday)
        #expect(Fixture.date("2024-02-29").weekday == .thursday)
    }

    @Test("today depends on the time zone of the clock reading")
    func todayInZone() throws {
        // 2026-11-28 03:30 UTC is still the 27th in New York.
        let instant = Date(timeIntervalSince1970: TimeInterval(Fixture.date("2026-11-28").daysSinceEpoch * 86_400 + 3 * 3600 + 1800))
        #expect(LocalDate(instant, in: try #require(TimeZone(identifier: "UTC"))).description == "2026-11-28")
        #expect(LocalDate(instant, in: try #require(TimeZone(identifier: "America/New_York"))).description == "2026-11-27")
        #expect(LocalDate(instant, in: try #require(TimeZone(identifier: "Asia/Tokyo"))).description == "2026-11-28")
    }

    @Test("an interview time gives the right instant across daylight saving time")
    func interviewInstant() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        let summer = InterviewTime(date: Fixture.date("2026-07-01"), time: try #require(LocalTime(iso: "14:30")), timeZone: zone)
        let winter = InterviewTime(date: Fixture.date("2026-12-01"), time: try #require(LocalTime(iso: "14:30")), timeZone: zone)
        let summerUTC = Fixture.date("2026-07-01").daysSinceEpoch * 86_400 + 18 * 3600 + 1800
        let winterUTC = Fixture.date("2026-12-01").daysSinceEpoch * 86_400 + 19 * 3600 + 1800
        #expect(summer.instant.timeIntervalSince1970 == TimeInterval(summerUTC))
        #expect(winter.instant.timeIntervalSince1970 == TimeInterval(winterUTC))
    }

    @Test("working days skip weekends")
    func weekends() {
        let calendar = WorkingCalendar()
        let friday = Fixture.date("2026-11-20")
        #expect(calendar.workingDay(1, after: friday).description == "2026-11-23")
        #expect(calendar.workingDay(5, after: friday).description == "2026-11-27")
        #expect(calendar.workingDay(0, after: Fixture.date("2026-11-28")).description == "2026-11-30")
        #expect(calendar.workingDay(0, after: friday) == friday)
    }

    @Test("working days skip holidays, across a month end and a year end")
    func holidaysAndYearEnd() {
        let calendar = WorkingCalendar(holidays: [Fixture.date("2026-11-26"), Fixture.date("2026-12-25"), Fixture.date("2027-01-01")])
        #expect(calendar.workingDay(4, after: Fixture.date("2026-11-20")).description == "2026-11-27")
        #expect(calendar.workingDay(5, after: Fixture.date("2026-11-20")).description == "2026-11-30")
        #expect(calendar.workingDay(1, after: Fixture.date("2026-12-30")).description == "2026-12-31")
        #expect(calendar.workingDay(2, after: Fixture.date("2026-12-30")).description == "2027-01-04")
        #expect(calendar.workingDay(1, after: Fixture.date("2026-12-24")).description == "2026-12-28")
        #expect(calendar.workingDays(from: Fixture.date("2026-12-30"), through: Fixture.date("2027-01-11")) == 7)
    }

    @Test("a custom weekend is honoured")
    func customWeekend() {
        let calendar = WorkingCalendar(weekend: [.friday, .saturday])
        #expect(calendar.workingDay(1, after: Fixture.date("2026-11-26")).description == "2026-11-29")
    }

    @Test("name-based ids follow RFC 9562 version 5")
    func nameBasedUUID() throws {
        let dns = try #require(UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(UUID.nameBased(namespace: dns, name: "www.example.com").lowercased == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        #expect(UUID.nameBased(namespace: dns, name: "a") != UUID.nameBased(namespace: dns, name: "b"))
    }
}
