import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

struct InterviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interview",
        abstract: "Record interviews, mark them held, and list or show them.",
        subcommands: [Add.self, Edit.self, List.self, Show.self, Held.self, Delete.self, Restore.self],
        defaultSubcommand: List.self
    )
}

/// The interview fields shared by `add` and `edit`.
struct InterviewFields: ParsableArguments {
    @Option(help: "The company.") var company: String?
    @Option(help: "The position applied for.") var position: String?
    @Option(help: "The day: YYYY-MM-DD, today, tomorrow or +N.") var date: String?
    @Option(help: "The time, HH:MM (24-hour).") var time: String?
    @Option(name: .customLong("tz"), help: "The time zone of the place, e.g. America/Chicago (default: this device's).") var timeZone: String?
    @Option(help: "in-person, phone or video.") var format: Interview.Format?
    @Option(help: "Where (an address, a call link; \\n between lines).") var location: String?
    @Option(help: "When the employer said they would decide.") var decisionDate: String?
    @Option(help: "Free-form details: logistics, who to ask for, first impressions.") var details: String?
    @Option(name: .customLong("tag"), help: "A label; repeat for several.") var tags: [String] = []

    func input(_ context: CommandContext) throws -> InterviewInput {
        var input = InterviewInput()
        input.company = company
        input.position = position
        input.date = try date.map { try context.date($0, option: "--date") }
        input.time = try time.map { try context.time($0) }
        input.timeZone = try timeZone.map { try context.timeZone($0) }
        input.format = format
        input.location = location?.replacingOccurrences(of: "\\n", with: "\n")
        input.decisionDate = try decisionDate.map { try context.date($0, option: "--decision-date") }
        input.details = details
        input.addTags = tags
        return input
    }
}

extension InterviewCommand {
    struct Add: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record an interview.")

        @OptionGroup var fields: InterviewFields
        @Option(name: .customLong("interviewer"), help: "The name of a person met; repeat for several (the first is the one to call).")
        var interviewers: [String] = []
        @OptionGroup var seeker: SeekerOption

        func run(_ context: CommandContext) async throws {
            var input = try fields.input(context)
            if input.date != nil, input.timeZone == nil, input.time != nil { input.timeZone = TimeZone.current }
            let owner = try context.replica.owner(named: seeker.seeker)
            let id = try context.replica.addInterview(owner: owner, input, interviewers: interviewers.map { InterviewerInput(name: $0) })
            let title = [fields.company, fields.position].compactMap { $0 }.joined(separator: " — ")
            context.output.line("added interview \(id.short): \(title)\(input.date.map { " on \($0)" } ?? "")")
            context.output.line("after it: followup interview held \(id.short)   (plans the thank-yous and the call)")
        }
    }

    struct Edit: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change an interview's details.")

        @Argument(help: "The interview's id (or its first characters).") var id: String
        @OptionGroup var fields: InterviewFields
        @Option(help: "scheduled, held, offer, rejected, withdrawn or no-response.") var status: Interview.Status?
        @Option(name: .customLong("untag"), help: "Remove a label; repeat for several.") var removeTags: [String] = []

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.interview])
            var input = try fields.input(context)
            input.status = status
            input.removeTags = removeTags
            try context.replica.editInterview(id, input)
            context.output.line("updated interview \(id.short)")
        }
    }

    struct List: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List interviews, newest first.")

        @OptionGroup var seeker: SeekerOption
        @Option(help: "Only interviews with this status.") var status: Interview.Status?
        @Flag(help: "Include deleted interviews.") var deleted = false
        @OptionGroup var format: JSONOption

        func run(_ context: CommandContext) async throws {
            let owner = try seeker.seeker.map { try context.replica.owner(named: $0) }
            if format.json { return try context.output.json(context.replica.interviews(owner: owner, includeDeleted: deleted, status: status)) }
            // Written from the replica's rows as they are read: a caseload runs to thousands.
            var table = TextTable(headers: ["id", "seeker", "date", "company", "position", "status", "open"])
            var seekers = SeekerColumn()
            try context.replica.forEachInterview(owner: owner, includeDeleted: deleted, status: status) { row in
                table.cell(shortID: row.utf8(.id))
                seekers.cell(row.seeker, in: &table)
                table.cell(joining: row.utf8(.date), row.utf8(.time), separator: " ")
                table.cell(row.utf8(.company))
                table.cell(row.utf8(.position))
                if let status = row.utf8(.status) { table.write(status) }
                if row.isDeleted { table.write(" (deleted)") }
                table.endCell()
                if row.openFollowUps != 0 { table.write(String(row.openFollowUps)) }
                table.endCell()
                table.endRow()
            }
            if table.isEmpty {
                if let status { return context.output.line("no \(status.rawValue) interviews") }
                return context.output.line("no interviews yet: followup interview add --company … --position …")
            }
            context.output.table(table, hiding: seekers.hiding(1))
        }
    }

    struct Show: ReplicaCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show an interview with its interviewers, notes and follow-ups."
        )

        @Argument(help: "The interview's id (or its first characters).") var id: String
        @OptionGroup var format: JSONOption

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.interview])
            let detail = try context.replica.interviewDetail(id)
            if format.json { return try context.output.json(InterviewView(detail)) }
            let output = context.output
            let interview = detail.interview
            output.line(output.style(interview.title, .bold) + "  [\(interview.id.short)]" + (interview.isDeleted ? "  (deleted)" : ""))
            if let seeker = detail.seeker { output.line("seeker:    \(seeker)") }
            if let start = interview.start(fallbackZone: .current) {
                output.line("when:      \(start)")
            }
            if let format = interview.format { output.line("format:    \(format.rawValue)") }
            if let location = interview.location { output.line("where:     \(location)") }
            output.line("status:    \(interview.status?.rawValue ?? "scheduled")")
            if let decision = interview.decisionDate { output.line("decision:  by \(decision)") }
            if !interview.tags.isEmpty { output.line("tags:      \(interview.tags.joined(separator: ", "))") }
            if let details = interview.details { output.line("details:   \(details)") }
            if !detail.interviewers.isEmpty {
                output.line("")
                output.line(output.style("Interviewers", .bold))
                for person in detail.interviewers {
                    let details = [person.title, person.email, person.phone].compactMap { $0 }.joined(separator: ", ")
                    output.line("  \(person.id.short)  \(person.name ?? "(no name)")\(details.isEmpty ? "" : " — \(details)")")
                }
            }
            if !detail.notes.isEmpty {
                output.line("")
                output.line(output.style("Debrief notes", .bold))
                for note in detail.notes {
                    output.line(
                        "  \(note.id.short)  \((note.kind?.label ?? "note").padding(toLength: 13, withPad: " ", startingAt: 0)) \(note.text ?? "")"
                    )
                    let indent = "            \(String(repeating: " ", count: 13))"
                    if let addition = note.addition { output.line("\(indent) → to add: \(addition)") }
                    var about: [String] = []
                    if let author = detail.authors[note.id] { about.append("by \(author)") }
                    if note.inLetter == false { about.append("private: never in a letter") }
                    if note.kind == .concern && note.inLetter == true { about.append("its addition may go in the letter") }
                    if !about.isEmpty { output.line(output.style("\(indent) \(about.joined(separator: "; "))", .dim)) }
                }
            }
            if !detail.followUps.isEmpty {
                output.line("")
                output.line(output.style("Follow-ups", .bold))
                _ = try FollowUpTable.print(context.replica, .all, interview: interview.id, output: output, showInterview: false)
            }
        }
    }

    struct Held: ReplicaCommand {
        static let configuration = CommandConfiguration(
            commandName: "held",
            abstract:
                "Mark an interview held and plan its follow-ups: a thank-you to each interviewer within one working day (a letter if it arrives before the decision date, otherwise an email) and a call 5 to 7 working days later."
        )

        @Argument(help: "The interview's id (or its first characters).") var id: String
        @Option(help: "The day it was held, if the interview has no date yet (default: today).") var on: String?

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.interview])
            let planned = try context.replica.markHeld(id, on: try on.map { try context.date($0, option: "--on") })
            context.output.line("interview \(id.short) held")
            if planned.isEmpty { return context.output.line("its follow-ups were already planned: followup due") }
            for plan in planned {
                let title = Replica.taskTitle(kind: plan.kind, channel: plan.channel)
                context.output.line(
                    "  \(plan.id.short)  \(title), \(plan.earliest == plan.latest ? "on \(plan.latest)" : "\(plan.earliest) to \(plan.latest)")"
                )
                context.output.line("            \(plan.rationale)")
            }
        }
    }

    struct Delete: ReplicaCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete an interview (restore brings it back with everything it had)."
        )

        @Argument var id: String

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.interview])
            try context.replica.delete(id)
            context.output.line("deleted interview \(id.short) (followup interview restore \(id.short) to undo)")
        }
    }

    struct Restore: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "restore", abstract: "Bring back a deleted interview.")

        @Argument var id: String

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.interview])
            try context.replica.restore(id)
            context.output.line("restored interview \(id.short)")
        }
    }
}

/// An interview for `show --json`.
struct InterviewView: Encodable {
    struct Person: Encodable {
        var id: String
        var name: String?
        var title: String?
        var email: String?
        var phone: String?
        var address: String?
    }

    struct Note: Encodable {
        var id: String
        var kind: String?
        var text: String?
        var addition: String?
        var about: String?
        /// Who wrote it, from which device.
        var author: NoteAuthor?
        /// Whether it was written for its sentence in the letter.
        var framed: Bool
        var inLetter: Bool?
    }

    var id: String
    var seeker: String?
    var company: String?
    var position: String?
    var date: String?
    var time: String?
    var timeZone: String?
    var format: String?
    var location: String?
    var decisionDate: String?
    var status: String?
    var details: String?
    var tags: [String]
    var deleted: Bool
    var interviewers: [Person]
    var notes: [Note]
    var followUps: [FollowUpItem]

    init(_ detail: InterviewDetail) {
        let interview = detail.interview
        id = interview.id.uuidString.lowercased()
        seeker = detail.seeker
        company = interview.company
        position = interview.position
        date = interview.date?.description
        time = interview.time?.description
        timeZone = interview.timeZone?.identifier
        format = interview.format?.rawValue
        location = interview.location
        decisionDate = interview.decisionDate?.description
        status = interview.status?.rawValue
        details = interview.details
        tags = interview.tags
        deleted = interview.isDeleted
        interviewers = detail.interviewers.map {
            Person(id: $0.id.uuidString.lowercased(), name: $0.name, title: $0.title, email: $0.email, phone: $0.phone, address: $0.address)
        }
        notes = detail.notes.map {
            Note(
                id: $0.id.uuidString.lowercased(),
                kind: $0.kind?.rawValue,
                text: $0.text,
                addition: $0.addition,
                about: $0.interviewerID?.uuidString.lowercased(),
                author: detail.authors[$0.id],
                framed: $0.isFramed,
                inLetter: $0.inLetter
            )
        }
        followUps = detail.followUps
    }
}
