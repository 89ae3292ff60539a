import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

struct InterviewerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interviewer",
        abstract: "The people met at an interview: who to thank and who to call.",
        subcommands: [Add.self, Edit.self, Remove.self]
    )
}

struct InterviewerFields: ParsableArguments {
    @Option(help: "Their name, as the letter will address them (\"Ms. Ana Ruiz\").") var name: String?
    @Option(help: "Their job title.") var title: String?
    @Option(help: "Their email address.") var email: String?
    @Option(help: "Their phone number.") var phone: String?
    @Option(help: "Their mailing address (use \\n between lines).") var address: String?

    var input: InterviewerInput {
        InterviewerInput(name: name, title: title, email: email, phone: phone, address: address?.replacingOccurrences(of: "\\n", with: "\n"))
    }
}

extension InterviewerCommand {
    struct Add: ReplicaCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a person met at an interview (planned thank-yous follow if it was held)."
        )

        @Argument(help: "The interview's id (or its first characters).") var interview: String
        @OptionGroup var fields: InterviewerFields

        func run(_ context: CommandContext) async throws {
            let interviewID = try context.replica.resolve(interview, as: [.interview])
            let id = try context.replica.addInterviewer(to: interviewID, fields.input)
            context.output.line("added interviewer \(id.short) to interview \(interviewID.short)")
        }
    }

    struct Edit: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change an interviewer's details.")

        @Argument(help: "The interviewer's id (or its first characters).") var id: String
        @OptionGroup var fields: InterviewerFields

        func run(_ context: CommandContext) async throws {
            let id = try context.replica.resolve(id, as: [.interviewer])
            try context.replica.editInterviewer(id, fields.input)
            context.output.line("updated interviewer \(id.short)")
        }
    }

    struct Remove: ReplicaCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an interviewer from an interview.")

        @Argument(help: "The interview's id.") var interview: String
        @Argument(help: "The interviewer's id.") var interviewer: String

        func run(_ context: CommandContext) async throws {
            let interviewID = try context.replica.resolve(interview, as: [.interview])
            let interviewerID = try context.replica.resolve(interviewer, as: [.interviewer])
            try context.replica.removeInterviewer(interviewerID, from: interviewID)
            context.output.line("removed interviewer \(interviewerID.short) from interview \(interviewID.short)")
        }
    }
}
