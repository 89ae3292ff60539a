import ArgumentParser
import Foundation

/// "Did you mean `interview`?" for a mistyped command: ArgumentParser suggests options, not
/// subcommands, and a newcomer's first typo is usually a command's name.
enum CommandSuggestion {
    /// The suggestion for the first word of `arguments` that names no subcommand where one is
    /// expected, when a subcommand is within two edits of it (or starts with it); else `nil`.
    static func `for`(_ arguments: [String], in root: any ParsableCommand.Type) -> String? {
        var command = root
        for word in arguments where !word.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { name(of: $0) == word }) {
                command = next
                continue
            }
            let names = subcommands.map(name(of:))
            let scored = names.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 || $0.0.hasPrefix(word.lowercased()) }
            guard let best = scored.min(by: { $0.1 < $1.1 })?.0 else { return nil }
            let path = ([name(of: root)] + pathNames(root: root, to: command)).joined(separator: " ")
            return "Did you mean `\(path) \(best)`?"
        }
        return nil
    }

    /// `message` with `suggestion` on the line after its first (the error), before the usage.
    static func inserting(_ suggestion: String, into message: String) -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(suggestion, at: min(1, lines.count))
        return lines.joined(separator: "\n")
    }

    private static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }

    /// The names from the root down to `command` (the root's own excluded).
    private static func pathNames(root: any ParsableCommand.Type, to command: any ParsableCommand.Type) -> [String] {
        if command == root { return [] }
        for child in root.configuration.subcommands {
            if child == command { return [name(of: child)] }
            let below = pathNames(root: child, to: command)
            if !below.isEmpty { return [name(of: child)] + below }
        }
        return []
    }

    /// The Levenshtein distance between two short words.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
