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
                --addition), remark (something the interviewer said or something you saw), other, and comment (a
                counselor's advice: never in a letter).

                How a note reaches the thank-you: only what you write for the letter goes in it — the answers to --guided,
                which shows each kind's sentence and a preview, and a note (or addition) added with --for-letter. It
                completes its kind's sentence ("I was glad to have the chance to tell you about …"), or, written as a
                sentence of yours ("I cut wait times by 20%."), stands as it is. Other strong points, contributions and
                remarks are listed beside the draft to mention, with why. Fit, other and comments are for you and your
                counselor only. A concern stays out of the letter (only its addition, and only with --in-letter);
                --private keeps any note out.
                """
        )

        @Argument(help: "The interview's id (or its first characters).") var interview: String
        @Option(help: "The kind of note.") var kind: DebriefNote.Kind?
        @Option(help: "The note itself.") var text: String?
        @Option(help: "For a weak answer or a concern: what you would add (with --for-letter, the thank-you says it).") var addition: String?
        @Option(help: "The interviewer it is about or who said it (id).") var about: String?
        @Flag(help: "The text is written for the letter: it completes its kind's sentence (see --guided) or is a sentence of yours.")
        var forLetter = false
        @Flag(inversion: .prefixedNo, help: "Let the letter use this note (a concern's addition), or keep it out (--no-in-letter).")
        var inLetter: Bool?
        @Flag(help: "Keep this note out of any letter (the same as --no-in-letter).") var `private` = false
        @Flag(help: "Ask each question in turn, showing the letter's sentence each answer completes; an empty line moves on.")
        var guided = false

        func validate() throws {
            if !guided && (kind == nil || text == nil) { throw ValidationError("give --kind and --text, or use --guided") }
            if `private` && inLetter == true { throw ValidationError("--private and --in-letter contradict each other") }
        }

        func run(_ context: CommandContext) async throws {
            let interviewID = try context.replica.resolve(interview, as: [.interview])
            let aboutID = try about.map { try context.replica.resolve($0, as: [.interviewer]) }
            let letter: Bool? = `private` ? false : inLetter
            if !guided, let kind, let text {
                let id = try context.replica.addNote(
                    to: interviewID,
                    kind: kind,
                    text: text,
                    addition: addition,
                    about: aboutID,
                    framed: forLetter,
                    inLetter: letter
                )
                return context.output.line("added \(kind.label) note \(id.short)")
            }
            var added = 0
            let output = context.output
            for kind in DebriefNote.Kind.debrief {
                output.note(kind.prompt)
                // The kinds whose own text reaches the letter ask for it as the end of their sentence.
                let textFrame = kind == .weakAnswer || kind == .concern ? nil : LetterFrame.of(kind)
                if let textFrame { output.note("  For the letter, finish: \"\(textFrame.template)\" (e.g. \(textFrame.example))") }
                while let line = output.console.readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    var extra: String?
                    if kind == .weakAnswer || kind == .concern {
                        output.note("  What would you add? Finish: \"\(LetterFrame.addition.template)\" (Enter alone: nothing to add)")
                        extra = output.console.readLine().flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                        if let extra { Self.preview(extra, frame: .addition, output: output) }
                    } else if let textFrame {
                        Self.preview(line, frame: textFrame, output: output)
                    }
                    let id = try context.replica.addNote(
                        to: interviewID,
                        kind: kind,
                        text: line,
                        addition: extra,
                        about: aboutID,
                        framed: LetterFrame.of(kind) != nil
                    )
                    output.note("  saved as \(kind.label) note \(id.short); another \(kind.label) note, or Enter alone for the next question")
                    if kind == .concern, extra != nil {
                        output.note("  (A concern stays out of the letter unless you let it in: `followup note edit \(id.short) --in-letter`.)")
                    }
                    added += 1
                }
            }
            output.line(
                added == 0
                    ? "added no notes to interview \(interviewID.short)"
                    : "added \(added) note\(added == 1 ? "" : "s") to interview \(interviewID.short); `followup draft \(interviewID.short)` writes the letter"
            )
        }

        /// Shows the sentence the answer makes in the letter, or why it will be listed to mention.
        static func preview(_ text: String, frame: LetterFrame, output: Output) {
            let quoted = "\"\(text.prefix(60))\(text.count > 60 ? "…" : "")\""
            switch LetterWording(text, framed: true, frame: frame) {
            case let .fill(fill): output.note("  \(quoted) → in the letter: \(frame.sentence(fill))")
            case let .sentence(sentence): output.note("  \(quoted) → in the letter: \(sentence)")
            case let .unplaced(_, reason):
                output.note(
                    "  \(quoted) → not in the letter (\(reason)); it is listed beside the draft to mention, and `followup note edit` changes it"
                )
            }
        }
    }

    struct List: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List an interview's debrief notes, with who wrote each.")

        @Argument(help: "The interview's id (or its first characters).") var interview: String
        @OptionGroup var format: JSONOption

        func run(_ context: CommandContext) async throws {
            let detail = try context.replica.interviewDetail(try context.replica.resolve(interview, as: [.interview]))
            if format.json { return try context.output.json(InterviewView(detail).notes) }
            if detail.notes.isEmpty { return context.output.line("no notes yet: followup note add \(detail.interview.id.short) --guided") }
            context.output.table(
                ["id", "kind", "note", "to add", "by"],
                detail.notes.map { note in
                    let kind = (note.kind?.label ?? "") + (note.inLetter == false ? " (private)" : "")
                    return [note.id.short, kind, note.text ?? "", note.addition ?? "", detail.authors[note.id]?.description ?? ""]
                }
            )
        }
    }

    struct Edit: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a note.")

        @Argument(help: "The note's id.") var id: String
        @Option var kind: DebriefNote.Kind?
        @Option var text: String?
        @Option var addition: String?
        @Flag(inversion: .prefixedNo, help: "Whether the text is written for the letter (its kind's sentence, or a sentence of yours).")
        var forLetter: Bool?
        @Flag(inversion: .prefixedNo, help: "Let the letter use this note, or keep it out.") var inLetter: Bool?
        @Flag(help: "Keep this note out of any letter.") var `private` = false
        @Flag(help: "Let the note's kind decide again whether it reaches the letter.") var letterDefault = false

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.note])
            let letter: Bool?? = letterDefault ? .some(nil) : `private` ? .some(false) : inLetter.map { .some($0) }
            try context.replica.editNote(id, kind: kind, text: text, addition: addition, framed: forLetter, inLetter: letter)
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
