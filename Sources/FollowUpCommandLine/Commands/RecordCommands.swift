import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

struct History: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The values each field of a record keeps (its latest 21), who set them from which device, and what concurrent edits replaced."
    )

    @Argument(help: "Any record's id (or its first characters).") var id: String
    @OptionGroup var format: JSONOption

    func run(_ context: CommandContext) async throws {
        let id = try context.replica.resolve(id)
        let history = try context.replica.history(of: id)
        if format.json { return try context.output.json(history) }
        let output = context.output
        output.line(output.style("\(history.type) \(id.short)", .bold))
        for field in history.fields {
            output.line("\(field.name):")
            if let forgotten = field.forgottenThrough {
                output.line("  " + output.style("older values, up to \(forgotten.formatted(.iso8601)), were not kept", .dim))
            }
            for entry in field.entries { output.line("  " + describe(entry, output: output)) }
        }
        for element in history.elements {
            output.line("\(element.field): \(element.label) — \(element.present ? "present" : "removed")")
            for added in element.added { output.line("  added    \(origin(added))") }
            for removed in element.removed { output.line("  removed  \(origin(removed))") }
        }
    }

    private func describe(_ entry: RecordHistory.Entry, output: Output) -> String {
        let marker: String
        switch entry.status {
        case "current": marker = output.style("now     ", .green)
        case "replaced-concurrently": marker = output.style("lost    ", .red)
        default: marker = "before  "
        }
        var line = "\(marker)\(entry.value.replacingOccurrences(of: "\n", with: " ⏎ "))  — \(origin(entry))"
        if entry.status == "replaced-concurrently" { line += output.style("  (replaced by a concurrent edit)", .red) }
        return line
    }

    private func origin(_ entry: RecordHistory.Entry) -> String {
        let who = entry.thisDevice ? "this device" : [entry.author, entry.device.map { "on \($0)" }].compactMap { $0 }.joined(separator: " ")
        return "\(entry.when.formatted(.iso8601)) by \(who.isEmpty ? "replica \(entry.at.suffix(16))" : who)"
    }
}

struct Conflicts: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Values replaced by concurrent edits, as syncs noticed them (newest first)."
    )

    @OptionGroup var format: JSONOption

    func run(_ context: CommandContext) async throws {
        let conflicts = try context.replica.conflicts()
        if format.json { return try context.output.json(conflicts) }
        if conflicts.isEmpty { return context.output.line("no concurrent edits have replaced anything") }
        context.output.table(
            ["record", "field", "replaced", "kept", "noticed"],
            conflicts.map { [$0.record.shortID, $0.field, $0.lostValue, $0.keptValue, $0.noticedAt] }
        )
    }
}

struct Caseload: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseload",
        abstract: "A counselor's seekers: overdue and this week's follow-ups, and days since each one's last activity."
    )

    @OptionGroup var format: JSONOption

    func run(_ context: CommandContext) async throws {
        let entries = try context.replica.caseload()
        if format.json { return try context.output.json(entries) }
        if entries.isEmpty { return context.output.line("no seekers in your caseload on this replica (sync first?)") }
        context.output.table(
            ["seeker", "name", "interviews", "overdue", "this week", "last activity"],
            entries.map { entry in
                [
                    entry.username, entry.displayName, String(entry.interviews), String(entry.overdue), String(entry.dueThisWeek),
                    entry.daysSinceActivity.map { $0 == 0 ? "today" : "\($0) day\($0 == 1 ? "" : "s") ago" } ?? "never",
                ]
            },
            styles: entries.map { $0.overdue > 0 ? .red : nil }
        )
    }
}

struct Export: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export as CSV (a row per follow-up), JSON (a full backup for `import`) or iCalendar (interviews and follow-ups)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, ics }

    @Argument(help: "csv, json or ics.") var format: Format
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var seeker: SeekerOption

    func run(_ context: CommandContext) async throws {
        let owner = try seeker.seeker.map { try context.replica.owner(named: $0) }
        let text: String
        switch format {
        case .csv: text = try context.replica.csv(owner: owner)
        case .ics: text = try context.replica.iCalendar(owner: owner)
        case .json:
            var backup = try context.replica.backup()
            if let owner { backup.entities = backup.entities.filter { $0.owner == owner } }
            text = String(decoding: try backup.jsonData(), as: UTF8.self) + "\n"
        }
        guard let output else { return context.output.text(text) }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw ClientError.file("cannot write \(output): \(error.localizedDescription)")
        }
        context.output.note("exported \(format.rawValue) to \(output)")
    }
}

struct Import: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Merge a JSON backup (from `export json`) into this replica, as when moving to a new machine; its writes are queued for the server too."
    )

    @Argument(help: "The backup file.") var file: String
    @Flag(help: "Do not queue the records for the server.") var noPush = false

    func run(_ context: CommandContext) async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ClientError.file("cannot read \(file): \(error.localizedDescription)")
        }
        let backup: ReplicaBackup
        do {
            backup = try ReplicaBackup.decode(json: data)
        } catch {
            throw ClientError.invalidInput("\(file) is not a FollowUp backup: \(error)")
        }
        let summary = try context.replica.restore(backup, queueForServer: !noPush)
        let records = summary.added + summary.merged
        var line =
            "imported \(records) record\(records == 1 ? "" : "s") from \(file) (\(summary.added) new here, \(summary.merged) merged with this replica's copy"
        line += backup.entities.count > records ? ", \(backup.entities.count - records) already up to date)" : ")"
        if !noPush { line += summary.queued > 0 ? "; `followup sync` sends them to the server" : "" }
        context.output.line(line)
    }
}

struct Config: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "This device's settings: your name and address for drafts, holidays and mail transit for planning.",
        discussion: """
            Keys: name, address (use \\n between lines), email, phone, mail-transit-days, holidays (comma-separated dates),
            weekend (comma-separated day names). `followup config` shows them; `followup config KEY VALUE` sets one.
            """
    )

    @Argument(help: "The setting to change.") var key: String?
    @Argument(help: "Its new value (empty to clear).") var value: String?
    @Flag(help: "Forget every setting of this device (for settings that can no longer be read).") var reset = false

    func run(_ context: CommandContext) async throws {
        if reset {
            guard key == nil else { throw ClientError.invalidInput("--reset forgets every setting; give no key with it") }
            try context.replica.resetSettings()
            return context.output.line("settings reset to their defaults")
        }
        guard let key else {
            let settings = try context.replica.settings()
            let output = context.output
            output.line("name:              \(settings.senderName ?? "(your account's name)")")
            output.line("address:           \(settings.senderAddress?.replacingOccurrences(of: "\n", with: " / ") ?? "")")
            output.line("email:             \(settings.senderEmail ?? "")")
            output.line("phone:             \(settings.senderPhone ?? "")")
            output.line("mail-transit-days: \(settings.mailTransitDays)")
            output.line("holidays:          \(settings.holidays.map(\.description).joined(separator: ", "))")
            output.line("weekend:           \(settings.weekend.map(\.rawValue).joined(separator: ", "))")
            return
        }
        guard let value else { throw ClientError.invalidInput("give a value for \(key)") }
        let text = value.trimmingCharacters(in: .whitespaces)
        let cleared = text.isEmpty ? nil : text
        _ = try context.replica.updateSettings { settings in
            switch key {
            case "name": settings.senderName = cleared
            case "address": settings.senderAddress = cleared?.replacingOccurrences(of: "\\n", with: "\n")
            case "email":
                if let cleared, let problem = EmailAddress.problem(with: cleared) { throw ClientError.invalidInput("email: \(problem)") }
                settings.senderEmail = cleared
            case "phone": settings.senderPhone = cleared
            case "mail-transit-days":
                guard let days = Int(text), (0...30).contains(days) else {
                    throw ClientError.invalidInput("mail-transit-days is a whole number of working days from 0 to 30")
                }
                settings.mailTransitDays = days
            case "holidays":
                settings.holidays = try text.split(separator: ",").map { part in
                    let day = part.trimmingCharacters(in: .whitespaces)
                    guard let date = LocalDate(iso: day) else { throw ClientError.invalidInput("holidays: \"\(day)\" is not a date like 2026-12-25") }
                    return date
                }.sorted()
            case "weekend":
                settings.weekend = try text.split(separator: ",").map { part in
                    let name = part.trimmingCharacters(in: .whitespaces).lowercased()
                    guard let day = Weekday(rawValue: name) else {
                        throw ClientError.invalidInput("weekend: \"\(name)\" is not a day name like saturday")
                    }
                    return day
                }
            default:
                throw ClientError.invalidInput("unknown setting \(key); see `followup config --help`")
            }
        }
        context.output.line("\(key) set")
    }
}
