import Foundation

/// The results of a sync benchmark run: every sample, and the table README quotes.
struct BenchReport: Codable, Sendable {
    var machine: String
    var date: Date
    var records: Int
    /// The Brotli quality the server was set to for pull pages; nil for its default.
    var pullCompression: Int?
    var repetitions: [RepetitionResult]
    var history: HistoryResult?

    init(records: Int, pullCompression: Int?, repetitions: [RepetitionResult], history: HistoryResult?) {
        self.machine = Self.describeMachine()
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
        var rows: [[String]] = []
        func row(_ name: String, _ sample: Sample, unit: Unit, baseline: Double? = nil, baselineName: String = "", goal: String) {
            let ratio = baseline.map { String(format: "%.2f× %@", sample.median / $0, baselineName) } ?? ""
            rows.append([name, unit.format(sample.median), "\(unit.format(sample.min))–\(unit.format(sample.max))", ratio, goal])
        }
        let insert = sample(\.baselineInsertSeconds)
        row("raw SQLite insert of the records (baseline)", insert, unit: .seconds, goal: "")
        let w1 = sample(\.w1Seconds)
        row("W1 push \(records) records", w1, unit: .seconds, baseline: insert.median, baselineName: "raw insert", goal: "≤ 5× raw insert")
        row("W1 records/s", Sample(repetitions.map { n / $0.w1Seconds }), unit: .rate, goal: "≥ 20,000/s")
        row("W1 bytes sent", sample { Double($0.w1BytesSent) }, unit: .bytes, goal: "")
        row("W1 CPU time: server", sample(\.w1ServerCPUSeconds), unit: .seconds, goal: "")
        row("W1 CPU time: client (benchmark process)", sample(\.w1ClientCPUSeconds), unit: .seconds, goal: "")
        let w2 = sample(\.w2Seconds)
        row("W2 fresh pull into a replica", w2, unit: .seconds, baseline: insert.median, baselineName: "raw insert", goal: "≤ 0.25 s")
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
        row("W4 rounds/s (20 clients × 25 rounds)", sample(\.w4RoundsPerSecond), unit: .rate, baseline: trivial.median, baselineName: "of ceiling", goal: "≥ 300/s")
        row("W4 p50 round latency", sample(\.w4P50Seconds), unit: .milliseconds, goal: "")
        row("W4 p99 round latency", sample(\.w4P99Seconds), unit: .milliseconds, goal: "≤ 150 ms")
        row("W4 errors", sample { Double($0.w4Errors) }, unit: .count, goal: "0")
        row("W4 CPU time: server", sample(\.w4ServerCPUSeconds), unit: .seconds, goal: "")
        row("W4 CPU time: clients (benchmark process)", sample(\.w4ClientCPUSeconds), unit: .seconds, goal: "")
        row("server peak RSS", sample(\.serverPeakMegabytes), unit: .megabytes, goal: "≤ 150 MB")
        if let history {
            let fresh = sample(\.w3PullSeconds)
            row(
                "incremental pull, server holding \(history.changesOnServer) changes", Sample(history.incrementalPullSeconds), unit: .milliseconds,
                baseline: fresh.median, baselineName: "of fresh", goal: "≤ 2× fresh")
        }
        row("CLI `followup due`, \(records) interviews", sample(\.cliDueSeconds), unit: .milliseconds, goal: "≤ 50 ms")
        row("CLI `followup interview list`, \(records) interviews", sample(\.cliListSeconds), unit: .milliseconds, goal: "≤ 50 ms")
        row("CLI first sync of \(records) records", sample(\.cliFirstSyncSeconds), unit: .seconds, goal: "")
        let passed = repetitions.allSatisfy(\.conflictProbePassed)
        rows.append(["conflict probe (different fields, same record)", passed ? "both edits kept" : "EDIT LOST", "", "", "both survive"])

        let headers = ["measure", "median", "min–max", "ratio", "goal"]
        var widths = headers.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        let render = { (cells: [String]) in
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        var lines = [
            "\(machine); \(repetitions.count) repetition\(repetitions.count == 1 ? "" : "s"), release build"
                + (pullCompression.map { "; pull pages at Brotli quality \($0)" } ?? ""),
            render(headers), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|",
        ]
        lines += rows.map(render)
        if let history {
            lines.append(String(format: "(history load: %d changes in %.1f s)", history.changesOnServer, history.loadSeconds))
        }
        return lines.joined(separator: "\n")
    }

    enum Unit {
        case seconds, milliseconds, rate, bytes, megabytes, count

        func format(_ value: Double) -> String {
            switch self {
            case .seconds: String(format: "%.3f s", value)
            case .milliseconds: String(format: "%.1f ms", value * 1000)
            case .rate: String(format: "%.0f/s", value)
            case .bytes: value >= 1_000_000 ? String(format: "%.2f MB", value / 1_000_000) : String(format: "%.1f kB", value / 1000)
            case .megabytes: String(format: "%.0f MB", value)
            case .count: String(format: "%.0f", value)
            }
        }
    }

    static func describeMachine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu))"
    }
}
