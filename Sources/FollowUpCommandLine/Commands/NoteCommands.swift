import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

struct NoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Debrief notes: write them right after the interview, while it is fresh.",
        subcommands: [Add.self, List.self, Edit.self, Delete.self]
    )
}

extension NoteCommand {
    struct Add: ReplicaCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a debrief note, or walk through every kind with --guided.",
            discussion: """
                Kinds: fit (how they see you fitting their staff), concern (an objection they may have), contribution
                (how you could contribute), strong-point (to emphasize in the thank-you), weak-answer (to add to; give
                --addition), remark (something the interviewer said or something you saw), other.
                """
        )

        @Argument(help: "The interview's id (or its first characters).") var interview: String
        @Option(help: "The kind of note.") var kind: DebriefNote.Kind?
        @Option(help: "The note itself.") var text: String?
        @Option(help: "For a weak answer or a concern: what you would add (the thank-you says it).") var addition: String?
        @Option(help: "The interviewer it is about or who said it (id).") var about: String?
        @Flag(help: "Ask each question in turn; an empty line moves to the next.") var guided = false

        func validate() throws {
            if !guided && (kind == nil || text == nil) { throw ValidationError("give --kind and --text, or use --guided") }
        }

        func run(_ context: CommandContext) async throws {
            let interviewID = try context.replica.resolve(interview, as: [.interview])
            let aboutID = try about.map { try context.replica.resolve($0, as: [.interviewer]) }
            if !guided, let kind, let text {
                let id = try context.replica.addNote(to: interviewID, kind: kind, text: text, addition: addition, about: aboutID)
                return context.output.line("added \(kind.label) note \(id.short)")
            }
            var added = 0
            for kind in DebriefNote.Kind.allCases {
                context.output.note(kind.prompt)
                while let line = context.output.console.readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    var extra: String?
                    if kind == .weakAnswer || kind == .concern {
                        context.output.note("  What would you add? (empty to skip)")
                        extra = context.output.console.readLine().flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                    }
                    try context.replica.addNote(to: interviewID, kind: kind, text: line, addition: extra, about: aboutID)
                    added += 1
                }
            }
            context.output.line("added \(added) note\(added == 1 ? "" : "s") to interview \(interviewID.short)")
        }
    }

    struct List: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List an interview's debrief notes.")

        @Argument(help: "The interview's id (or its first characters).") var interview: String
        @OptionGroup var format: JSONOption

        func run(_ context: CommandContext) async throws {
            let detail = try context.replica.interviewDetail(try context.replica.resolve(interview, as: [.interview]))
            if format.json { return try context.output.json(InterviewView(detail).notes) }
            if detail.notes.isEmpty { return context.output.line("no notes yet: followup note add \(detail.interview.id.short) --guided") }
            context.output.table(
                ["id", "kind", "note", "to add"],
                detail.notes.map { [$0.id.short, $0.kind?.label ?? "", $0.text ?? "", $0.addition ?? ""] }
            )
        }
    }

    struct Edit: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a note.")

        @Argument(help: "The note's id.") var id: String
        @Option var kind: DebriefNote.Kind?
        @Option var text: String?
        @Option var addition: String?

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.note])
            try context.replica.editNote(id, kind: kind, text: text, addition: addition)
            context.output.line("updated note \(id.short)")
        }
    }

    struct Delete: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a note.")

        @Argument var id: String

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.note])
            try context.replica.delete(id)
            context.output.line("deleted note \(id.short)")
        }
    }
}
