import ArgumentParser
import FollowUpClient
import FollowUpCore
import Foundation

struct Sync: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push queued changes, then pull and merge what changed on the server.",
        discussion: """
            An interrupted sync resumes where it stopped: nothing is lost or sent twice. A change the server
            refuses is set aside and reported (see --rejected), never retried and never blocking the rest.
            If the server's data was restored from a backup, sync first sends again what this device wrote
            that the server lacks. --verify compares every record with the server and repairs both sides.
            """
    )

    @Flag(help: "Keep following the server live (long polls) until interrupted.") var watch = false
    @Flag(help: "List the changes the server rejected and set aside.") var rejected = false
    @Flag(help: "Compare every record with the server by digest, and repair whichever side lacks something.") var verify = false
    @Option(help: "Records per pulled page.") var pageSize = 2_000
    @OptionGroup var format: JSONOption

    func validate() throws {
        guard (1...5_000).contains(pageSize) else { throw ValidationError("--page-size must be from 1 to 5000") }
        if verify && (watch || rejected) { throw ValidationError("--verify cannot be combined with --watch or --rejected") }
    }

    func run(_ context: CommandContext) async throws {
        if rejected {
            let changes = try context.replica.rejectedChanges()
            if changes.isEmpty { return context.output.line("no change was rejected") }
            context.output.table(
                ["change", "record", "code", "reason"],
                changes.map { [$0.change.id.short, $0.change.entity.short, $0.code, $0.message] }
            )
            return
        }
        let (client, session) = try context.client()
        let synchronizer = Synchronizer(replica: context.replica, client: client, pageSize: pageSize)
        let output = context.output
        if watch {
            output.line("following \(session.serverURL) live; Ctrl-C to stop")
            output.flush()
            try await client.using { _ in
                try await synchronizer.watch(
                    onUpdate: { report in
                        let stamp = Date().formatted(date: .omitted, time: .standard)
                        output.line("\(stamp)  \(Self.summary(report))")
                        output.flush()
                    },
                    onOutage: { reason in
                        let stamp = Date().formatted(date: .omitted, time: .standard)
                        output.note(reason.map { "\(stamp)  \($0); still watching, trying again" } ?? "\(stamp)  the server is back")
                        output.flush()
                    }
                )
            }
            return
        }
        if verify { return try await runVerify(synchronizer, client: client, session: session, context: context) }
        let report = try await client.using { _ in
            try await synchronizer.sync { progress in
                switch progress.phase {
                case .pushing: output.progress("pushing \(progress.done)/\(progress.total ?? progress.done) changes…")
                case .pulling: output.progress("received \(progress.done) records…")
                }
            }
        }
        output.endProgress()
        if format.json { return try output.json(report) }
        output.line("synced with \(session.serverURL): \(Self.summary(report))")
        for rejection in report.rejected { context.output.note("rejected and set aside: \(rejection)") }
    }

    private func runVerify(_ synchronizer: Synchronizer, client: SyncClient, session: Session, context: CommandContext) async throws {
        let output = context.output
        let report = try await client.using { _ in
            try await synchronizer.verify { progress in
                switch progress.phase {
                case .pushing: output.progress("pushing \(progress.done)/\(progress.total ?? progress.done) changes…")
                case .pulling: output.progress("received \(progress.done) records…")
                }
            }
        }
        output.endProgress()
        if format.json { return try output.json(report) }
        output.line(
            "verified \(report.checked) record\(report.checked == 1 ? "" : "s") with \(session.serverURL): \(report.differing) differed; sent \(report.sent) change\(report.sent == 1 ? "" : "s") of this account's devices again, received \(report.pulled) record\(report.pulled == 1 ? "" : "s")"
        )
        for rejection in report.rejected { output.note("rejected and set aside: \(rejection)") }
        if report.stillDiffering.isEmpty {
            output.line("this replica and the server now hold the same records")
        } else {
            for line in report.stillDiffering { output.note("still different: \(line)") }
        }
    }

    static func summary(_ report: SyncReport) -> String {
        var parts = [
            "pushed \(report.pushed) change\(report.pushed == 1 ? "" : "s")", "received \(report.pulled) record\(report.pulled == 1 ? "" : "s")",
        ]
        if !report.rejected.isEmpty { parts.append("\(report.rejected.count) rejected") }
        if report.removedOwners > 0 { parts.append("\(report.removedOwners) seeker\(report.removedOwners == 1 ? "" : "s") left your caseload") }
        if report.conflicts > 0 {
            parts.append("\(report.conflicts) value\(report.conflicts == 1 ? "" : "s") replaced by concurrent edits (followup conflicts)")
        }
        if report.resent > 0 {
            parts.append("sent \(report.resent) change\(report.resent == 1 ? "" : "s") again to a server restored from a backup")
        }
        if report.cursorReset { parts.append("resynced from the start") }
        return parts.joined(separator: ", ")
    }
}
