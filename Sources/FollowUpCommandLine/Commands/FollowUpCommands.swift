import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

struct Due: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What to do: follow-ups overdue and due this week (or today, or all open ones)."
    )

    @Flag(exclusivity: .exclusive, help: "Which follow-ups (default: --week).") var filter: Filter = .week
    @OptionGroup var seeker: SeekerOption
    @Option(help: "List as of another day.") var on: String?
    @OptionGroup var format: JSONOption

    enum Filter: String, EnumerableFlag {
        case today, week, overdue, open, all

        static func help(for value: Filter) -> ArgumentHelp? {
            switch value {
            case .today: "Due today or overdue."
            case .week: "Overdue, or due in the next seven days."
            case .overdue: "Only overdue ones."
            case .open: "Every open follow-up."
            case .all: "Everything, done and skipped included."
            }
        }
    }

    func run(_ context: CommandContext) async throws {
        let owner = try seeker.seeker.map { try context.replica.owner(named: $0) }
        let day = try on.map { try context.date($0, option: "--on") }
        let selected = FollowUpFilter(rawValue: filter.rawValue) ?? .week
        if format.json { return try context.output.json(context.replica.followUps(selected, owner: owner, on: day)) }
        if try !FollowUpTable.print(context.replica, selected, owner: owner, on: day, output: context.output) {
            context.output.line("nothing \(filter == .overdue ? "overdue" : "due") — well done")
        }
    }
}

/// A command that acts on one follow-up.
protocol FollowUpActionCommand: ReplicaCommand {
    var id: String { get }
    func action(_ context: CommandContext) throws -> FollowUpAction
    var verb: String { get }
}

extension FollowUpActionCommand {
    func run(_ context: CommandContext) async throws {
        let id = try context.replica.resolve(id, as: [.followUp])
        try context.replica.updateFollowUp(id, try action(context))
        context.output.line("\(verb) \(id.short)")
    }
}

struct Done: FollowUpActionCommand {
    static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark a follow-up done.")
    @Argument(help: "The follow-up's id (or its first characters).") var id: String
    @Option(help: "What came of it.") var outcome: String?
    var verb: String { "done:" }

    func action(_ context: CommandContext) throws -> FollowUpAction { .done(outcome: outcome) }
}

struct Attempted: FollowUpActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "attempted",
        abstract: "Record a call attempt that reached no one; the call stays open."
    )
    @Argument(help: "The call's id.") var id: String
    @Option(help: "What happened (\"left a voicemail\").") var outcome: String?
    var verb: String { "attempt recorded for" }

    func action(_ context: CommandContext) throws -> FollowUpAction { .attempted(outcome: outcome) }
}

struct Skip: FollowUpActionCommand {
    static let configuration = CommandConfiguration(commandName: "skip", abstract: "Skip a follow-up, saying why.")
    @Argument(help: "The follow-up's id.") var id: String
    @Option(help: "Why it is skipped.") var reason: String
    var verb: String { "skipped" }

    func action(_ context: CommandContext) throws -> FollowUpAction { .skipped(reason: reason) }
}

struct Snooze: FollowUpActionCommand {
    static let configuration = CommandConfiguration(commandName: "snooze", abstract: "Put a follow-up off until a later day.")
    @Argument(help: "The follow-up's id.") var id: String
    @Option(help: "The day it comes back: YYYY-MM-DD, tomorrow or +N.") var until: String
    var verb: String { "snoozed" }

    func action(_ context: CommandContext) throws -> FollowUpAction { .snoozed(until: try context.date(until, option: "--until")) }
}

struct Reschedule: FollowUpActionCommand {
    static let configuration = CommandConfiguration(commandName: "reschedule", abstract: "Give a follow-up a new window.")
    @Argument(help: "The follow-up's id.") var id: String
    @Option(help: "The first day of the new window.") var from: String
    @Option(help: "The last day of the new window (default: the first).") var to: String?
    var verb: String { "rescheduled" }

    func action(_ context: CommandContext) throws -> FollowUpAction {
        let start = try context.date(from, option: "--from")
        return .rescheduled(earliest: start, latest: try to.map { try context.date($0, option: "--to") } ?? start)
    }
}

struct Reopen: FollowUpActionCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a follow-up marked done or skipped.")
    @Argument(help: "The follow-up's id.") var id: String
    var verb: String { "reopened" }

    func action(_ context: CommandContext) throws -> FollowUpAction { .reopened }
}

struct Draft: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "The thank-you for an interview: made from its debrief notes the first time, then the letter you edit and send.",
        discussion: """
            The first time, the letter is written from your notes (it thanks the interviewer by name, emphasizes your strong
            points, adds to weak answers, refers to something they said and restates your interest) and saved, synced like your
            other records. After that it shows the saved letter: change it with `followup letter edit ID`, record that it went
            out with `followup letter sent ID --via email`. Notes it could not place so that they read well are listed to mention.
            """
    )

    @Argument(help: "The interview's id (or its first characters).") var interview: String
    @Option(help: "The interviewer to write to (id; default: the first).") var to: String?
    @Flag(exclusivity: .exclusive, help: "A letter or an email, for a new version (default: what the plan chose).") var form: Form?
    @Flag(exclusivity: .exclusive, help: "The email as a message file any mail client opens (RFC 5322), or as a mailto: link.")
    var message: MessageForm?
    @Flag(help: "Write the letter again from the notes, replacing the saved text (which stays in its history).") var fresh = false
    @Option(help: "Write the draft to this file instead of standard output.") var output: String?
    @Flag(help: "Mark the thank-you follow-up as drafted.") var markDrafted = false

    func validate() throws {
        if message != nil && form == .letter { throw ValidationError("--eml and --mailto make an email; leave out --letter") }
    }

    func run(_ context: CommandContext) async throws {
        let interviewID = try context.replica.resolve(interview, as: [.interview])
        let recipient = try to.map { try context.replica.resolve($0, as: [.interviewer]) }
        let chosen: FollowUp.Channel? = message != nil ? .email : form.map { $0 == .letter ? .mail : .email }
        let thankYou = try context.replica.thankYou(interview: interviewID, to: recipient, channel: chosen, fresh: fresh)
        let letter = thankYou.letter
        var text = ""
        if let message {
            text = message == .eml ? thankYou.email.eml(date: context.replica.now()) : thankYou.email.mailto + "\n"
            if thankYou.sender.email.flatMap(EmailAddress.init) == nil, message == .eml {
                context.output.note(
                    "warning: your email address is not set (or not a usable address), so the message has no From: set it with `followup config email ADDRESS`"
                )
            }
        } else {
            if let subject = letter.subject { text += "Subject: \(subject)\n\n" }
            text += letter.body ?? ""
        }
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw ClientError.file("cannot write \(output): \(error.localizedDescription)")
            }
            let what = message == .eml ? "email message" : message == .mailto ? "mailto: link" : letter.channel == .mail ? "letter" : "email"
            context.output.note("wrote the \(what) to \(output)")
        } else {
            context.output.text(text)
        }
        Self.report(thankYou, interview: interviewID, requested: chosen, fresh: fresh, output: context.output)
        if markDrafted, let followUp = thankYou.followUp { try context.replica.updateFollowUp(followUp, .drafted) }
    }

    /// What the seeker should know beside the letter: whether it is the saved one, what it lacks,
    /// and the notes it leaves to mention.
    static func report(_ thankYou: ThankYouLetter, interview: UUID, requested: FollowUp.Channel?, fresh: Bool, output: Output) {
        let letter = thankYou.letter
        if let sentAt = letter.sentAt {
            output.note("sent \(letter.sentVia?.label ?? "") on \(sentAt)")
        } else if !fresh && thankYou.differsFromNotes {
            output.note(
                "this is your saved letter (edited, or your notes changed since): `followup draft \(interview.short) --fresh` writes it again from the notes"
            )
        }
        if let requested, requested != letter.channel, !fresh {
            output.note("the saved thank-you is \(letter.channel == .mail ? "a letter" : "an email"); add --fresh to write it again as the other")
        }
        for warning in thankYou.composed.warnings { output.note("warning: \(warning)") }
        if !thankYou.composed.toMention.isEmpty {
            output.note(
                "to mention — notes the letter does not say; work them in with `followup letter edit \(interview.short)`. \(ThankYouDraft.Mention.advice)"
            )
            for mention in thankYou.composed.toMention { output.note("  - \(mention)") }
        }
    }

    enum Form: String, EnumerableFlag {
        case letter, email
    }

    enum MessageForm: String, EnumerableFlag {
        case eml, mailto
    }
}
