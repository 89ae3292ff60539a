import Foundation

/// One fresh counselor replica's timings, each the wall time of a whole `followup` process.
struct CaseloadRun: Codable, Sendable {
    var firstSyncSeconds: Double
    var idleSyncSeconds: Double
    var deltaSyncSeconds: Double
    var caseloadSeconds: Double
    var dueSeconds: Double
}

/// The web page's timings over loopback: the first request (the server's caches cold, as after a
/// restart or once the records changed) and 20 more.
struct WebTimings: Codable, Sendable {
    var caseloadPageFirstSeconds: Double
    var caseloadPageSeconds: [Double]
    /// The first request after one seeker changed ten interviews.
    var caseloadPageAfterOneSeekerSeconds: Double
    var feedOf1000FirstSeconds: Double
    var feedOf1000Seconds: [Double]
    var caseloadFeedFirstSeconds: Double
    var caseloadFeedSeconds: [Double]
}

/// The results of a caseload run: every sample, and the table README quotes.
struct CaseloadReport: Codable, Sendable {
    var machine = MeasureTable.describeMachine()
    var date = Date()
    var seekers: Int
    var interviews: Int
    var runs: [CaseloadRun]
    var web: WebTimings
    var serverPeakMegabytes: Double?

    var table: String {
        let records = seekers * interviews
        var table = MeasureTable()
        func sample(_ value: (CaseloadRun) -> Double) -> Sample { Sample(runs.map(value)) }
        table.row("counselor's first `followup sync` (\(records) interviews and their follow-ups)", sample(\.firstSyncSeconds), unit: .seconds)
        table.row("`followup sync` again, nothing new", sample(\.idleSyncSeconds), unit: .milliseconds)
        table.row("`followup sync` after one seeker changed 10 interviews", sample(\.deltaSyncSeconds), unit: .milliseconds)
        table.row("`followup caseload` (\(seekers) seekers)", sample(\.caseloadSeconds), unit: .milliseconds, goal: "≤ 50 ms")
        table.row("`followup due` (all seekers)", sample(\.dueSeconds), unit: .milliseconds, goal: "≤ 50 ms")
        let page = "web page `/web/caseload` (\(seekers) seekers × \(interviews) interviews)"
        table.row(page + ", first after a change", Sample([web.caseloadPageFirstSeconds]), unit: .milliseconds)
        table.row(page, Sample(web.caseloadPageSeconds), unit: .milliseconds, goal: "≤ 50 ms")
        table.row(page + ", after one seeker's change", Sample([web.caseloadPageAfterOneSeekerSeconds]), unit: .milliseconds, goal: "≤ 50 ms")
        table.row("calendar feed of 1,000 follow-ups, first after a change", Sample([web.feedOf1000FirstSeconds]), unit: .milliseconds)
        table.row("calendar feed of 1,000 follow-ups (and their interviews)", Sample(web.feedOf1000Seconds), unit: .milliseconds, goal: "≤ 50 ms")
        table.row("the counselor's calendar feed (\(records) follow-ups), first", Sample([web.caseloadFeedFirstSeconds]), unit: .milliseconds)
        table.row("the counselor's calendar feed (\(records) follow-ups)", Sample(web.caseloadFeedSeconds), unit: .milliseconds)
        if let serverPeakMegabytes { table.row("server peak RSS", Sample([serverPeakMegabytes]), unit: .megabytes, goal: "≤ 150 MB") }
        return table.rendered(
            title: "\(machine); a counselor with \(seekers) seekers × \(interviews) interviews; \(runs.count) fresh counselor replica"
                + (runs.count == 1 ? "" : "s") + ", release build"
        )
    }
}
