import Foundation

/// The Markdown table every benchmark prints: one row per measure with its median, range, ratio
/// to a baseline and goal, as README quotes it.
struct MeasureTable {
    private(set) var rows: [[String]] = []

    static let headers = ["measure", "median", "min–max", "ratio", "goal"]

    mutating func row(_ name: String, _ sample: Sample, unit: Unit, baseline: Double? = nil, baselineName: String = "", goal: String = "") {
        let ratio = baseline.map { String(format: "%.2f× %@", sample.median / $0, baselineName) } ?? ""
        rows.append([name, unit.format(sample.median), "\(unit.format(sample.min))–\(unit.format(sample.max))", ratio, goal])
    }

    /// A row whose value is not a number (a probe's outcome).
    mutating func row(_ name: String, outcome: String, goal: String) {
        rows.append([name, outcome, "", "", goal])
    }

    /// The table under a first line naming the machine and the run.
    func rendered(title: String) -> String {
        var widths = Self.headers.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        let render = { (cells: [String]) in
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return ([title, render(Self.headers), rule] + rows.map(render)).joined(separator: "\n")
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
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu))"
    }
}
