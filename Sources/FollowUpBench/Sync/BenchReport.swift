import Foundation

/// The results of a sync benchmark run: every sample, and the table README quotes.
struct BenchReport: Codable, Sendable {
    var machine: String
    var date: Date
    var records: Int
    /// The Brotli quality the server was set to for pull pages; nil for its default.
    var pullCompression: Int?
    /// The backend's title: SQLite, or PostgreSQL with its instance count.
    var backend: String
    var postgres: Bool
    var repetitions: [RepetitionResult]
    var history: HistoryResult?

    init(records: Int, pullCompression: Int?, backend: BenchBackend, repetitions: [RepetitionResult], history: HistoryResult?) {
        self.backend = backend.title
        self.postgres = backend != .sqlite
        self.machine = MeasureTable.describeMachine()
        self.date = Date()
        self.records = records
        self.pullCompression = pullCompression
        self.repetitions = repetitions
        self.history = history
    }

    private func sample(_ value: (RepetitionResult) -> Double) -> Sample {
        Sample(repetitions.map(value))
    }

    var table: String {
        let n = Double(records)
        var table = MeasureTable()
        func row(_ name: String, _ sample: Sample, unit: MeasureTable.Unit, baseline: Double? = nil, baselineName: String = "", goal: String) {
            table.row(name, sample, unit: unit, baseline: baseline, baselineName: baselineName, goal: goal)
        }
        let insert = sample(\.baselineInsertSeconds)
        let raw = postgres ? "raw COPY" : "raw insert"
        row(
            postgres ? "raw PostgreSQL COPY of the records (baseline)" : "raw SQLite insert of the records (baseline)",
            insert,
            unit: .seconds,
            goal: ""
        )
        let w1 = sample(\.w1Seconds)
        row(
            "W1 push \(records) records",
            w1,
            unit: .seconds,
            baseline: insert.median,
            baselineName: raw,
            goal: postgres ? "≤ 8× raw COPY" : "≤ 5× raw insert"
        )
        row("W1 records/s", Sample(repetitions.map { n / $0.w1Seconds }), unit: .rate, goal: postgres ? "≥ 10,000/s" : "≥ 20,000/s")
        row("W1 bytes sent", sample { Double($0.w1BytesSent) }, unit: .bytes, goal: "")
        row("W1 CPU time: server", sample(\.w1ServerCPUSeconds), unit: .seconds, goal: "")
        row("W1 CPU time: client (benchmark process)", sample(\.w1ClientCPUSeconds), unit: .seconds, goal: "")
        let w2 = sample(\.w2Seconds)
        row("W2 fresh pull into a replica", w2, unit: .seconds, baseline: insert.median, baselineName: raw, goal: "≤ 0.25 s")
        row("W2 records/s", Sample(repetitions.map { n / $0.w2Seconds }), unit: .rate, goal: "")
        row("W2 bytes received", sample { Double($0.w2BytesReceived) }, unit: .bytes, goal: "≤ 1.5 MB")
        row("W2 CPU time: server", sample(\.w2ServerCPUSeconds), unit: .seconds, goal: "")
        row("W2 CPU time: client (benchmark process)", sample(\.w2ClientCPUSeconds), unit: .seconds, goal: "")
        row("W3 push 100 edits", sample(\.w3PushSeconds), unit: .milliseconds, goal: "≤ 20 ms")
        row("W3 push bytes", sample { Double($0.w3PushBytes) }, unit: .bytes, goal: "")
        row("W3 pull the delta", sample(\.w3PullSeconds), unit: .milliseconds, goal: "≤ 20 ms")
        row("W3 pull bytes", sample { Double($0.w3PullBytes) }, unit: .bytes, goal: "")
        let trivial = sample(\.trivialRoundsPerSecond)
        row("trivial endpoint, 20 clients × 25 rounds (ceiling)", trivial, unit: .rate, goal: "")
        row(
            "W4 rounds/s (20 clients × 25 rounds)",
            sample(\.w4RoundsPerSecond),
            unit: .rate,
            baseline: trivial.median,
            baselineName: "of ceiling",
            goal: "≥ 300/s"
        )
        row("W4 p50 round latency", sample(\.w4P50Seconds), unit: .milliseconds, goal: "")
        row("W4 p99 round latency", sample(\.w4P99Seconds), unit: .milliseconds, goal: postgres ? "≤ 250 ms" : "≤ 150 ms")
        row("W4 errors", sample { Double($0.w4Errors) }, unit: .count, goal: "0")
        row("W4 bytes sent (all clients)", sample { Double($0.w4BytesSent) }, unit: .bytes, goal: "")
        row("W4 bytes received (all clients)", sample { Double($0.w4BytesReceived) }, unit: .bytes, goal: "")
        row("W4 CPU time: server", sample(\.w4ServerCPUSeconds), unit: .seconds, goal: "")
        row("W4 CPU time: clients (benchmark process)", sample(\.w4ClientCPUSeconds), unit: .seconds, goal: "")
        row("server peak RSS", sample(\.serverPeakMegabytes), unit: .megabytes, goal: "≤ 150 MB")
        if let history {
            let fresh = sample(\.w3PullSeconds)
            row(
                "incremental pull, server holding \(history.changesOnServer) changes",
                Sample(history.incrementalPullSeconds),
                unit: .milliseconds,
                baseline: fresh.median,
                baselineName: "of fresh",
                goal: "≤ 2× fresh"
            )
        }
        row("CLI `followup due`, \(records) interviews", sample(\.cliDueSeconds), unit: .milliseconds, goal: "≤ 50 ms")
        row("CLI `followup interview list`, \(records) interviews", sample(\.cliListSeconds), unit: .milliseconds, goal: "≤ 50 ms")
        row("CLI first sync of \(records) records", sample(\.cliFirstSyncSeconds), unit: .seconds, goal: "")
        let passed = repetitions.allSatisfy(\.conflictProbePassed)
        table.row("conflict probe (different fields, same record)", outcome: passed ? "both edits kept" : "EDIT LOST", goal: "both survive")
        var text = table.rendered(
            title: "\(backend); \(machine); \(repetitions.count) repetition\(repetitions.count == 1 ? "" : "s"), release build"
                + (pullCompression.map { "; pull pages at Brotli quality \($0)" } ?? "")
        )
        if let history {
            text += String(format: "\n(history load: %d changes in %.1f s)", history.changesOnServer, history.loadSeconds)
        }
        return text
    }
}
