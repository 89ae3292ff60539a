public import ArgumentParser
import FollowUpClient
public import FollowUpCore
import Foundation

// The domain's enumerations parse straight from the command line and list their values in help.
extension Interview.Format: ExpressibleByArgument {}
extension Interview.Status: ExpressibleByArgument {}
extension DebriefNote.Kind: ExpressibleByArgument {}
extension FollowUp.Channel: ExpressibleByArgument {}
extension Letter.Delivery: ExpressibleByArgument {}

extension CommandContext {
    /// A date as a user types it: `2026-11-28`, `today`, `tomorrow`, `yesterday`, or `+3` (days from today).
    func date(_ text: String, option: String) throws -> LocalDate {
        let today = replica.today
        switch text.lowercased() {
        case "today": return today
        case "tomorrow": return today.adding(days: 1)
        case "yesterday": return today.adding(days: -1)
        default: break
        }
        if text.hasPrefix("+"), let days = Int(text.dropFirst()), (0...3650).contains(days) { return today.adding(days: days) }
        guard let date = LocalDate(iso: text) else {
            throw ClientError.invalidInput("\(option): \"\(text)\" is not a date; use YYYY-MM-DD (e.g. \(today)), today, tomorrow or +N")
        }
        return date
    }

    func time(_ text: String) throws -> LocalTime {
        guard let time = LocalTime(iso: text) else {
            throw ClientError.invalidInput("--time: \"\(text)\" is not a time; use HH:MM on a 24-hour clock, e.g. 14:30")
        }
        return time
    }

    func timeZone(_ text: String) throws -> TimeZone {
        guard let zone = TimeZone(identifier: text) else {
            throw ClientError.invalidInput("--tz: \"\(text)\" is not a time zone; use a name like America/Chicago or Europe/Paris")
        }
        return zone
    }
}

/// `--json`, for every listing.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON for scripts instead of a table.")
    var json = false
}

/// `--seeker NAME`, for a counselor acting on one seeker's records.
struct SeekerOption: ParsableArguments {
    @Option(help: ArgumentHelp("Whose records (a counselor's seeker); default: your own.", valueName: "username"))
    var seeker: String?
}
