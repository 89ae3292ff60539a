public import FollowUpCore
public import Foundation

/// What a user gives to create or change an interview; `nil` members stay as they are.
public struct InterviewInput: Sendable, Equatable {
    public var company: String?
    public var position: String?
    public var date: LocalDate?
    public var time: LocalTime?
    public var timeZone: TimeZone?
    public var format: Interview.Format?
    public var location: String?
    public var decisionDate: LocalDate?
    public var status: Interview.Status?
    public var details: String?
    public var addTags: [String] = []
    public var removeTags: [String] = []

    public init() {}

    var edit: Edit {
        var edit = Edit()
        if let company { edit.set(Interview.Field.company, text: company) }
        if let position { edit.set(Interview.Field.position, text: position) }
        if let date { edit.set(Interview.Field.date, date: date) }
        if let time { edit.set[Interview.Field.time] = .string(time.description) }
        if let timeZone { edit.set[Interview.Field.timeZone] = .string(timeZone.identifier) }
        if let format { edit.set(Interview.Field.format, format) }
        if let location { edit.set(Interview.Field.location, text: location) }
        if let decisionDate { edit.set(Interview.Field.decisionDate, date: decisionDate) }
        if let status { edit.set(Interview.Field.status, status) }
        if let details { edit.set(Interview.Field.details, text: details) }
        let add = Set(addTags.map(Self.tag).filter { !$0.isEmpty })
        let remove = Set(removeTags.map(Self.tag).filter { !$0.isEmpty })
        if !add.isEmpty { edit.add[Interview.Field.tags] = add }
        if !remove.isEmpty { edit.remove[Interview.Field.tags] = remove }
        return edit
    }

    static func tag(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// What a user gives about a person met at an interview.
public struct InterviewerInput: Sendable, Equatable {
    public var name: String?
    public var title: String?
    public var email: String?
    public var phone: String?
    public var address: String?

    public init(name: String? = nil, title: String? = nil, email: String? = nil, phone: String? = nil, address: String? = nil) {
        self.name = name
        self.title = title
        self.email = email
        self.phone = phone
        self.address = address
    }

    var edit: Edit {
        var edit = Edit()
        if let name { edit.set(Interviewer.Field.name, text: name) }
        if let title { edit.set(Interviewer.Field.title, text: title) }
        if let email { edit.set(Interviewer.Field.email, text: email) }
        if let phone { edit.set(Interviewer.Field.phone, text: phone) }
        if let address { edit.set(Interviewer.Field.address, text: address) }
        return edit
    }
}

/// What a user does with a follow-up.
public enum FollowUpAction: Sendable, Equatable {
    case done(outcome: String?)
    /// A call that reached no one; the follow-up stays open.
    case attempted(outcome: String?)
    case skipped(reason: String)
    case snoozed(until: LocalDate)
    case rescheduled(earliest: LocalDate, latest: LocalDate)
    case drafted
    /// Back to planned (undo done or skipped).
    case reopened
}
