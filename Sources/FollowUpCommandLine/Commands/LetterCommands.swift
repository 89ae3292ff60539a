import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

/// `followup letter edit|sent`: the thank-you as the seeker's own document.
struct LetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter",
        abstract: "Edit the saved thank-you in your editor, or record that it was sent.",
        subcommands: [Edit.self, Sent.self]
    )

    struct Edit: ReplicaCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit the thank-you in $EDITOR (or take its new text from a file); it syncs like your other records.",
            discussion: "The replaced text stays in the letter's history (`followup history LETTER-ID`)."
        )

        @Argument(help: "The interview's id (or its first characters).") var interview: String
        @Option(help: "The interviewer it is written to (id; default: the first).") var to: String?
        @Option(help: "Take the new text from this file instead of opening an editor.") var file: String?
        @Option(help: "A new subject line, for an email.") var subject: String?

        func run(_ context: CommandContext) async throws {
            let interviewID = try context.replica.resolve(interview, as: [.interview])
            let recipient = try to.map { try context.replica.resolve($0, as: [.interviewer]) }
            let current = try context.replica.thankYou(interview: interviewID, to: recipient)
            let body: String
            if let file {
                do {
                    body = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw ClientError.file("cannot read \(file): \(error.localizedDescription)")
                }
            } else {
                body = try Self.editInEditor(current.letter.body ?? "", environment: context.output.console.environment)
            }
            guard body != current.letter.body || subject != nil else { return context.output.line("the letter is unchanged") }
            let edited = try context.replica.editThankYou(interview: interviewID, to: recipient, body: body, subject: subject)
            context.output.line("saved the thank-you \(edited.letter.id.short); `followup draft \(interviewID.short)` shows it")
        }

        /// Opens `text` in the user's editor ($VISUAL, $EDITOR, else vi) on a private temporary file
        /// and returns what they saved.
        static func editInEditor(_ text: String, environment: [String: String]) throws -> String {
            let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("followup-letter-\(UUID().uuidString)")
            let file = directory.appendingPathComponent("thank-you.txt")
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try text.write(to: file, atomically: true, encoding: .utf8)
            } catch {
                throw ClientError.file("cannot write the letter for the editor: \(error.localizedDescription)")
            }
            defer { try? FileManager.default.removeItem(at: directory) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(editor) \"$1\"", "editor", file.path]
            do {
                try process.run()
            } catch {
                throw ClientError.file("cannot start the editor \(editor): \(error.localizedDescription); set EDITOR, or use --file")
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ClientError.file("the editor \(editor) exited with status \(process.terminationStatus); the letter is unchanged")
            }
            do {
                return try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw ClientError.file("cannot read the edited letter: \(error.localizedDescription)")
            }
        }
    }

    struct Sent: ReplicaCommand {
        static let configuration = CommandConfiguration(
            commandName: "sent",
            abstract: "Record that the thank-you went out, and how; its follow-up is marked done."
        )

        @Argument(help: "The interview's id (or its first characters).") var interview: String
        @Option(help: "The interviewer it was written to (id; default: the first).") var to: String?
        @Option(help: "How it went out: mail, email or hand.") var via: Letter.Delivery

        func run(_ context: CommandContext) async throws {
            let interviewID = try context.replica.resolve(interview, as: [.interview])
            let recipient = try to.map { try context.replica.resolve($0, as: [.interviewer]) }
            let sent = try context.replica.markThankYouSent(interview: interviewID, to: recipient, via: via)
            let closed = sent.followUp.map { " and its follow-up \($0.short) is done" } ?? ""
            context.output.line("recorded the thank-you as sent \(via.label)\(closed)")
        }
    }
}
