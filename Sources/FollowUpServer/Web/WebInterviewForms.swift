import FollowUpCore
import Foundation

/// What the web page's interview form asks, checked as the CLI checks it: a company or a position,
/// real dates and times, a usable email address.
struct WebInterviewForm {
    var company: String?
    var position: String?
    var date: LocalDate?
    var time: String?
    var location: String?
    var decisionDate: LocalDate?
    var interviewer: String?
    var interviewerEmail: EmailAddress?

    init(_ form: [String: String]) throws(WebRefusal) {
        func text(_ name: String) -> String? {
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        func day(_ name: String, label: String) throws(WebRefusal) -> LocalDate? {
            guard let value = text(name) else { return nil }
            guard let date = LocalDate(iso: value) else { throw .invalid("The \(label) “\(value.prefix(40))” is not a date like 2026-12-08.") }
            return date
        }
        company = text("company")
        position = text("position")
        guard company != nil || position != nil else { throw .invalid("Give the company or the position.") }
        date = try day("date", label: "interview date")
        decisionDate = try day("decisionDate", label: "decision date")
        if let value = text("time") {
            let parts = value.split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
            else { throw .invalid("The time “\(value.prefix(20))” is not a time like 14:30.") }
            time = String(format: "%02d:%02d", hour, minute)
        }
        location = text("location")
        interviewer = text("interviewer")
        if let email = text("interviewerEmail") {
            guard let address = EmailAddress(email) else {
                throw .invalid("The interviewer's email: \(EmailAddress.problem(with: email) ?? "not a usable address").")
            }
            interviewerEmail = address
        }
        if interviewerEmail != nil && interviewer == nil { throw .invalid("Give the interviewer's name with their email.") }
    }

    /// The new interview's fields, with `interviewerID` in its set of interviewers.
    func interviewEdit(interviewerID: UUID?) -> Edit {
        var edit = Edit()
        edit.set(Interview.Field.company, text: company)
        edit.set(Interview.Field.position, text: position)
        if let date { edit.set(Interview.Field.date, date: date) }
        if let time { edit.set(Interview.Field.time, text: time) }
        if let location { edit.set(Interview.Field.location, text: location) }
        if let decisionDate { edit.set(Interview.Field.decisionDate, date: decisionDate) }
        edit.set(Interview.Field.status, Interview.Status.scheduled)
        if let interviewerID { edit.add[Interview.Field.interviewers] = [interviewerID.lowercased] }
        return edit
    }

    /// The interviewer's fields, when a name was given.
    var interviewerEdit: Edit? {
        guard let interviewer else { return nil }
        var edit = Edit()
        edit.set(Interviewer.Field.name, text: interviewer)
        if let interviewerEmail { edit.set(Interviewer.Field.email, text: interviewerEmail.text) }
        return edit
    }
}
