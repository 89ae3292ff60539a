public import Foundation

/// The follow-up records as an iCalendar (RFC 5545) document: what `followup export ics` writes and
/// what a calendar feed serves, from the same records, with the same stable UIDs.
public struct CalendarDocument: Sendable {
    /// Which document: a file to import, or a feed a phone subscribes to.
    public enum Form: Sendable {
        /// Interviews as events (a time with no zone read in `fallbackZone`), follow-ups as to-dos.
        case export(fallbackZone: TimeZone)
        /// Interviews as events (a time with no zone kept floating), and each open follow-up as an
        /// all-day event on the last day of its window with an alarm at 9:00, since phones remind of
        /// events, not to-dos.
        case subscription
    }

    public var form: Form
    /// The calendar's name, shown by subscribing applications.
    public var name: String
    /// Whose records these are, by owner id: a caseload's feed prefixes each entry with the seeker's
    /// name. Empty for one person's own records.
    public var ownerNames: [UUID: String]

    public init(form: Form, name: String, ownerNames: [UUID: String] = [:]) {
        self.form = form
        self.name = name
        self.ownerNames = ownerNames
    }

    /// The document for `states` (interviews, interviewers and follow-ups; others are ignored),
    /// stamped `now`.
    public func write(_ states: [EntityState], now: Date) -> String {
        let live = states.filter { !$0.isDeleted }
        let interviewers = Dictionary(live.compactMap(Interviewer.init).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let unknown = LocalDate(daysSinceEpoch: 0)
        let interviews = live.compactMap(Interview.init).sorted { a, b in
            (a.date ?? unknown) != (b.date ?? unknown) ? (a.date ?? unknown) < (b.date ?? unknown) : UUID.precedes(a.id, b.id)
        }
        let byID = Dictionary(interviews.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let followUps = live.compactMap(FollowUp.init).sorted { UUID.precedes($0.id, $1.id) }
        let stamp = ICalendarWriter.utc(now)
        var calendar = ICalendarWriter()
        calendar.line("BEGIN", "VCALENDAR")
        calendar.line("VERSION", "2.0")
        calendar.line("PRODID", "-//FollowUp//followup 1//EN")
        calendar.line("CALSCALE", "GREGORIAN")
        if case .subscription = form {
            calendar.line("METHOD", "PUBLISH")
            calendar.line("X-WR-CALNAME", ICalendarWriter.escape(name))
            calendar.line("NAME", ICalendarWriter.escape(name))
            calendar.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
            calendar.line("X-PUBLISHED-TTL", "PT1H")
        }
        for interview in interviews {
            writeEvent(for: interview, interviewers: interviewers, stamp: stamp, into: &calendar)
        }
        for task in followUps {
            let interview = task.interviewID.flatMap { byID[$0] }
            switch form {
            case .export: writeToDo(for: task, interview: interview, interviewers: interviewers, stamp: stamp, into: &calendar)
            case .subscription: writeDueEvent(for: task, interview: interview, interviewers: interviewers, stamp: stamp, into: &calendar)
            }
        }
        calendar.line("END", "VCALENDAR")
        return calendar.text
    }

    /// "Thank-you letter", "Thank-you email", "Follow-up call" …
    public static func taskTitle(kind: FollowUp.Kind?, channel: FollowUp.Channel?) -> String {
        switch (kind, channel) {
        case (.thankYou?, .mail?): "Thank-you letter"
        case (.thankYou?, .email?): "Thank-you email"
        case (.thankYou?, _): "Thank-you"
        case (.call?, _): "Follow-up call"
        case (.statusCheck?, _): "Status check"
        case (nil, _): "Follow-up"
        }
    }

    private func whose(_ owner: UUID) -> String {
        ownerNames[owner].map { "\($0): " } ?? ""
    }

    private func writeEvent(for interview: Interview, interviewers: [UUID: Interviewer], stamp: String, into calendar: inout ICalendarWriter) {
        guard let date = interview.date else { return }
        calendar.line("BEGIN", "VEVENT")
        calendar.line("UID", "\(interview.id.lowercased)@followup")
        calendar.line("DTSTAMP", stamp)
        switch (form, interview.time, interview.timeZone) {
        case let (.export(fallbackZone), time?, zone):
            calendar.line("DTSTART", ICalendarWriter.utc(InterviewTime(date: date, time: time, timeZone: zone ?? fallbackZone).instant))
            calendar.line("DURATION", "PT1H")
        case let (.subscription, time?, zone?):
            calendar.line("DTSTART", ICalendarWriter.utc(InterviewTime(date: date, time: time, timeZone: zone).instant))
            calendar.line("DURATION", "PT1H")
        case let (.subscription, time?, nil):
            calendar.line("DTSTART", ICalendarWriter.floating(date, time))
            calendar.line("DURATION", "PT1H")
        case (_, nil, _):
            calendar.line("DTSTART;VALUE=DATE", ICalendarWriter.compact(date))
        }
        calendar.line("SUMMARY", ICalendarWriter.escape("\(whose(interview.owner))Interview: \(interview.title)"))
        if let location = interview.location { calendar.line("LOCATION", ICalendarWriter.escape(location)) }
        let people = interview.interviewerIDs.compactMap { interviewers[$0]?.name }
        var description: [String] = []
        if let format = interview.format { description.append("Format: \(format.rawValue)") }
        if !people.isEmpty { description.append("With: \(people.joined(separator: ", "))") }
        if let decision = interview.decisionDate { description.append("Decision expected by \(decision)") }
        if !description.isEmpty { calendar.line("DESCRIPTION", ICalendarWriter.escape(description.joined(separator: "\n"))) }
        if !interview.tags.isEmpty { calendar.line("CATEGORIES", interview.tags.map(ICalendarWriter.escape).joined(separator: ",")) }
        calendar.line("STATUS", interview.status == .withdrawn ? "CANCELLED" : "CONFIRMED")
        calendar.line("END", "VEVENT")
    }

    private func summary(of task: FollowUp, interview: Interview?, interviewers: [UUID: Interviewer]) -> String {
        var summary = Self.taskTitle(kind: task.kind, channel: task.channel)
        if let recipient = task.recipientID.flatMap({ interviewers[$0]?.name }) { summary += " to \(recipient)" }
        if let interview { summary += " (\(interview.title))" }
        return summary
    }

    private func writeToDo(
        for task: FollowUp,
        interview: Interview?,
        interviewers: [UUID: Interviewer],
        stamp: String,
        into calendar: inout ICalendarWriter
    ) {
        calendar.line("BEGIN", "VTODO")
        calendar.line("UID", "\(task.id.lowercased)@followup")
        calendar.line("DTSTAMP", stamp)
        calendar.line("SUMMARY", ICalendarWriter.escape(whose(task.owner) + summary(of: task, interview: interview, interviewers: interviewers)))
        if let earliest = task.earliest { calendar.line("DTSTART;VALUE=DATE", ICalendarWriter.compact(earliest)) }
        if let latest = task.latest { calendar.line("DUE;VALUE=DATE", ICalendarWriter.compact(latest)) }
        switch task.status {
        case .done?:
            calendar.line("STATUS", "COMPLETED")
            if let doneAt = task.doneAt.flatMap({ try? Date($0, strategy: .iso8601) }) { calendar.line("COMPLETED", ICalendarWriter.utc(doneAt)) }
        case .skipped?: calendar.line("STATUS", "CANCELLED")
        case .attempted?: calendar.line("STATUS", "IN-PROCESS")
        default: calendar.line("STATUS", "NEEDS-ACTION")
        }
        let notes = [task.rationale, task.outcome.map { "Outcome: \($0)" }, task.reason.map { "Skipped: \($0)" }].compactMap { $0 }
        if !notes.isEmpty { calendar.line("DESCRIPTION", ICalendarWriter.escape(notes.joined(separator: "\n"))) }
        if let interview { calendar.line("RELATED-TO", "\(interview.id.lowercased)@followup") }
        calendar.line("END", "VTODO")
    }

    /// An open follow-up as an all-day event on the last day of its window, with an alarm that
    /// morning. Done, skipped and deleted ones are left out: a feed shows what is still to do.
    private func writeDueEvent(
        for task: FollowUp,
        interview: Interview?,
        interviewers: [UUID: Interviewer],
        stamp: String,
        into calendar: inout ICalendarWriter
    ) {
        guard task.isOpen, let day = task.latest ?? task.nextDate else { return }
        let title = whose(task.owner) + summary(of: task, interview: interview, interviewers: interviewers)
        calendar.line("BEGIN", "VEVENT")
        calendar.line("UID", "\(task.id.lowercased)@followup")
        calendar.line("DTSTAMP", stamp)
        calendar.line("DTSTART;VALUE=DATE", ICalendarWriter.compact(day))
        calendar.line("DTEND;VALUE=DATE", ICalendarWriter.compact(day.adding(days: 1)))
        calendar.line("SUMMARY", ICalendarWriter.escape("Due: \(title)"))
        var notes: [String] = []
        if let earliest = task.earliest, earliest < day { notes.append("Window: \(earliest) to \(day)") }
        if let rationale = task.rationale { notes.append(rationale) }
        if !notes.isEmpty { calendar.line("DESCRIPTION", ICalendarWriter.escape(notes.joined(separator: "\n"))) }
        calendar.line("TRANSP", "TRANSPARENT")
        if let interview { calendar.line("RELATED-TO", "\(interview.id.lowercased)@followup") }
        calendar.line("BEGIN", "VALARM")
        calendar.line("ACTION", "DISPLAY")
        calendar.line("DESCRIPTION", ICalendarWriter.escape(title))
        calendar.line("TRIGGER;RELATED=START", "PT9H")
        calendar.line("END", "VALARM")
        calendar.line("END", "VEVENT")
    }
}
