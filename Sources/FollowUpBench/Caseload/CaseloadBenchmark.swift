import ArgumentParser
import AsyncHTTPClient
import FollowUpClient
import FollowUpCore
import Foundation

/// A counselor's day: many seekers' records reaching one replica, through the `followup` CLI.
///
/// The issue's promise is that a counselor with a caseload of hundreds syncs in a blink; W1–W4 use
/// one seeker. Here every seeker pushes their own records from their own replica, then a fresh
/// counselor replica syncs them all, syncs again with nothing new, gets one seeker's edits, and
/// lists the caseload and what is due, each timed as the whole process a counselor waits for. It
/// also times the web page's caseload and calendar feeds over loopback (issue 16): the counselor's
/// caseload page, a seeker's feed of 1,000 follow-ups, and the whole caseload's feed.
struct CaseloadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseload",
        abstract: "Time a counselor's syncs and listings over a caseload of many seekers; print a table and write JSON.",
        discussion: "Build first: swift build -c release. One server is loaded once; each repetition is a fresh counselor replica."
    )

    @Option(help: "Seekers in the counselor's caseload.") var seekers = 300
    @Option(help: "Interviews per seeker (each with one follow-up).") var interviews = 30
    @Option(help: "Repetitions, each on a fresh counselor replica; medians are reported.") var repetitions = 5
    @OptionGroup var options: BenchRunOptions

    func validate() throws {
        guard seekers >= 1, interviews >= 1, repetitions >= 1 else { throw ValidationError("seekers, interviews and repetitions must be at least 1") }
    }

    func run() async throws {
        let binaries = try options.binaries()
        let root = options.scratchRoot("caseload")
        defer { options.cleanUp(root) }
        let server = try await BenchServer.start(binaries: binaries, settings: [:], directory: root.appendingPathComponent("server"))
        defer { server.stop() }

        FileHandle.standardError.write(Data("loading \(seekers) seekers × \(interviews) interviews…\n".utf8))
        let records = BenchRecord.generate(count: seekers * interviews, seed: 2)
        try server.createAccount("carla", role: "counselor")
        let names = (0..<seekers).map { String(format: "seeker-%03d", $0) }
        var first: BenchClient?
        for (index, name) in names.enumerated() {
            try server.createAccount(name)
            try server.assign(name, to: "carla")
            let seeker = try await BenchClient.login(server, as: name, home: root.appendingPathComponent("seekers/\(name)"))
            try seeker.write(records[(index * interviews)..<((index + 1) * interviews)])
            _ = try await seeker.synchronizer.sync()
            if index == 0 { first = seeker } else { await seeker.shutdown() }
        }
        guard let first else { throw BenchError("no seekers") }
        // A seeker with 1,000 interviews, each with a follow-up, for the feed timing.
        try server.createAccount("feed-seeker")
        let feedSeeker = try await BenchClient.login(server, as: "feed-seeker", home: root.appendingPathComponent("seekers/feed-seeker"))
        try feedSeeker.write(BenchRecord.generate(count: 1_000, seed: 3)[...])
        _ = try await feedSeeker.synchronizer.sync()
        await feedSeeker.shutdown()
        let web = try await webTimings(server.url, changing: first, records: records.prefix(min(10, interviews)))
        let now = (records.map(\.date).max() ?? LocalDate(daysSinceEpoch: 20_500)).adding(days: -3).description

        var runs: [CaseloadRun] = []
        for repetition in 0..<repetitions {
            FileHandle.standardError.write(Data("repetition \(repetition + 1)/\(repetitions)…\n".utf8))
            let home = root.appendingPathComponent("counselor-\(repetition)")
            _ = try CommandTimer.time(binaries, ["login", server.url, "--user", "carla", "--device", "bench"], home: home, input: "carla password\n")
            let firstSync = try CommandTimer.time(binaries, ["sync"], home: home)
            let received = try Replica(directory: home).interviews().count
            guard received == records.count else { throw BenchError("the counselor's first sync brought \(received) of \(records.count) interviews") }
            let idleSync = try CommandTimer.time(binaries, ["sync"], home: home)
            // One seeker changes ten interviews; the counselor's next sync brings just those.
            try first.modify(records.prefix(min(10, interviews)), round: repetition)
            _ = try await first.synchronizer.sync()
            let deltaSync = try CommandTimer.time(binaries, ["sync"], home: home)
            let changed = try Replica(directory: home).interviews().filter { $0.position?.hasSuffix(" r\(repetition)") == true }.count
            guard changed == min(10, interviews) else { throw BenchError("the counselor's sync brought \(changed) of the seeker's edits") }
            let caseload = try CommandTimer.time(binaries, ["caseload"], home: home, now: now)
            let due = try CommandTimer.time(binaries, ["due"], home: home, now: now)
            runs.append(
                CaseloadRun(
                    firstSyncSeconds: firstSync.seconds,
                    idleSyncSeconds: idleSync.seconds,
                    deltaSyncSeconds: deltaSync.seconds,
                    caseloadSeconds: caseload.seconds,
                    dueSeconds: due.seconds
                )
            )
        }
        await first.shutdown()
        let report = CaseloadReport(seekers: seekers, interviews: interviews, runs: runs, web: web, serverPeakMegabytes: server.peakMegabytes)
        print(report.table)
        print("\nJSON: \(try BenchResults.write(report, named: "caseload", into: options.output))")
    }

    /// The web page's caseload for the counselor, and the feeds, 20 requests each.
    private func webTimings(_ base: String, changing editor: BenchClient, records: ArraySlice<BenchRecord>) async throws -> WebTimings {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let timer = PageTimer(client: client)
            let counselor = try await timer.login(base, username: "carla")
            let seeker = try await timer.login(base, username: "feed-seeker")
            let caseload = try await timer.time(
                base + "/web/caseload",
                cookie: "followup_session=\(counselor)",
                count: 20,
                expecting: "seeker-\(String(format: "%03d", seekers - 1))"
            )
            // One seeker edits ten interviews and syncs: the next page makes that seeker's summary again.
            try editor.modify(records, round: 99)
            _ = try await editor.synchronizer.sync()
            let afterOneChange = try await timer.time(
                base + "/web/caseload",
                cookie: "followup_session=\(counselor)",
                count: 0,
                expecting: "seeker-000"
            ).first
            let seekerFeed = try await timer.time(base + (try await timer.feedPath(base, token: seeker)), count: 20, expecting: "END:VCALENDAR")
            let caseloadFeed = try await timer.time(base + (try await timer.feedPath(base, token: counselor)), count: 20, expecting: "END:VCALENDAR")
            try await client.shutdown()
            return WebTimings(
                caseloadPageFirstSeconds: caseload.first,
                caseloadPageSeconds: caseload.then,
                caseloadPageAfterOneSeekerSeconds: afterOneChange,
                feedOf1000FirstSeconds: seekerFeed.first,
                feedOf1000Seconds: seekerFeed.then,
                caseloadFeedFirstSeconds: caseloadFeed.first,
                caseloadFeedSeconds: caseloadFeed.then
            )
        } catch {
            try await client.shutdown()
            throw error
        }
    }
}
