import FollowUpCore
import Foundation

/// One record of the workloads (WORKLOADS.md): about 8 fields, generated from a fixed seed.
///
/// In FollowUp a record is an interview (company, position, date, details) and its follow-up
/// (kind and channel, due date, status), both owned by one seeker: two entities, two changes.
struct BenchRecord: Sendable {
    var interview: UUID
    var followUp: UUID
    var company: String
    var position: String
    var date: LocalDate
    var kind: String
    var due: LocalDate
    var status: String
    var notes: String

    static func generate(count: Int, seed: UInt64) -> [BenchRecord] {
        var generator = SplitMix64(seed: seed)
        let start = LocalDate(iso: "2026-01-05") ?? LocalDate(daysSinceEpoch: 20_458)
        return (0..<count).map { _ in
            let date = start.adding(days: Int.random(in: 0..<320, using: &generator))
            return BenchRecord(
                interview: UUID.seeded(&generator),
                followUp: UUID.seeded(&generator),
                company:
                    "\(companyWords.randomElement(using: &generator) ?? "") \(companyKinds.randomElement(using: &generator) ?? "") \(Int.random(in: 10...99, using: &generator))",
                position:
                    "\(levels.randomElement(using: &generator) ?? "") \(roles.randomElement(using: &generator) ?? "") \(areas.randomElement(using: &generator) ?? "")",
                date: date,
                kind: ["letter", "email", "call"].randomElement(using: &generator) ?? "call",
                due: date.adding(days: Int.random(in: 1...7, using: &generator)),
                status: Bool.random(using: &generator) ? "planned" : "done",
                notes: sentence(bytes: 300, using: &generator)
            )
        }
    }

    /// The fields of the interview entity.
    var interviewEdit: Edit {
        var edit = Edit()
        edit.set(Interview.Field.company, text: company)
        edit.set(Interview.Field.position, text: position)
        edit.set(Interview.Field.date, date: date)
        edit.set(Interview.Field.status, Interview.Status.held)
        edit.set(Interview.Field.details, text: notes)
        return edit
    }

    /// The fields of the follow-up entity.
    var followUpEdit: Edit {
        var edit = Edit()
        edit.set(FollowUp.Field.interview, id: interview)
        edit.set(FollowUp.Field.kind, kind == "call" ? FollowUp.Kind.call : FollowUp.Kind.thankYou)
        edit.set(
            FollowUp.Field.channel,
            kind == "letter" ? FollowUp.Channel.mail : (kind == "email" ? FollowUp.Channel.email : FollowUp.Channel.phone)
        )
        edit.set(FollowUp.Field.earliest, date: due)
        edit.set(FollowUp.Field.latest, date: due)
        edit.set(FollowUp.Field.status, status == "done" ? FollowUp.Status.done : FollowUp.Status.planned)
        return edit
    }

    private static let companyWords = [
        "Northwind", "Contoso", "Fabrikam", "Litware", "Adventure", "Tailspin", "Wingtip", "Proseware", "Lucerne", "Margie's",
    ]
    private static let companyKinds = ["Traders", "Logistics", "Health", "Systems", "Partners", "Foods", "Freight", "Labs"]
    private static let levels = ["Junior", "Senior", "Lead", "Associate", "Staff"]
    private static let roles = ["Logistics", "Data", "Payroll", "Warehouse", "Customer", "Project"]
    private static let areas = ["Coordinator", "Analyst", "Specialist", "Manager", "Planner"]
    private static let vocabulary =
        ("the interviewer asked about night shifts and the new warehouse we talked about dispatch routing and the team "
        + "of twelve they seemed concerned about my forklift licence I should mention the course I booked they liked "
        + "my spreadsheet for late deliveries ask about the decision date and the second round follow up with a call").split(separator: " ").map(
            String.init
        )

    static func sentence(bytes: Int, using generator: inout SplitMix64) -> String {
        var text = ""
        while text.utf8.count < bytes {
            if !text.isEmpty { text += " " }
            text += vocabulary.randomElement(using: &generator) ?? "note"
        }
        return text
    }
}
