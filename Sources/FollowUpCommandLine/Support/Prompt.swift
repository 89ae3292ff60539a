import FollowUpClient
import FollowUpTerminal
import Foundation

/// Reading what a user types, at a prompt shown only to a person at a terminal.
struct Prompt {
    let console: Console

    func line(_ prompt: String) throws -> String {
        if console.inputIsTerminal { console.writeToError(prompt) }
        guard let line = console.readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ClientError.invalidInput("nothing was entered for \(prompt.trimmingCharacters(in: .whitespaces).dropLast())")
        }
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// A password: typed with echo off on a terminal, else one line of standard input.
    func secret(_ prompt: String) throws -> String {
        do {
            return try console.secret(prompt: prompt)
        } catch .nothingPiped {
            throw ClientError.invalidInput("no password on standard input")
        } catch .nothingTyped {
            throw ClientError.invalidInput("no password given")
        }
    }
}
