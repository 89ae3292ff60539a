import FollowUpCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writing for people and for scripts: aligned tables and color on a terminal (unless NO_COLOR is
/// set), plain text when piped, JSON on request.
struct Output {
    let isTerminal: Bool
    let useColor: Bool
    let errorIsTerminal: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        isTerminal = isatty(STDOUT_FILENO) == 1
        errorIsTerminal = isatty(STDERR_FILENO) == 1
        useColor = isTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    enum Style: String {
        case red = "31"
        case yellow = "33"
        case green = "32"
        case dim = "2"
        case bold = "1"
    }

    func style(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    func line(_ text: String = "") {
        print(text)
    }

    /// Pushes buffered output out now (standard output is fully buffered when piped); for output
    /// that arrives over time, like `sync --watch`.
    func flush() {
        fflush(nil)  // every C stream; naming `stdout` is not concurrency-safe in Swift 6
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("followup: \(text)\n".utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    /// Prints a value as pretty, sorted JSON.
    func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints rows under headers, columns aligned; `styles` colors whole rows. The table is built
    /// in one string and written at once: listings run to thousands of rows.
    func table(_ headers: [String], _ rows: [[String]], styles: [Style?] = []) {
        guard !rows.isEmpty else { return }
        var widths = headers.map(\.count)
        var counts: [[Int]] = []
        counts.reserveCapacity(rows.count)
        for row in rows {
            let rowCounts = row.map(\.count)
            for (index, count) in rowCounts.enumerated() where index < widths.count { widths[index] = max(widths[index], count) }
            counts.append(rowCounts)
        }
        func render(_ cells: [String], _ cellCounts: [Int], into text: inout String) {
            for (index, cell) in cells.enumerated() {
                text += cell
                if index < cells.count - 1 {
                    text += String(repeating: " ", count: widths[index] - cellCounts[index] + 2)
                }
            }
        }
        var header = ""
        render(headers, headers.map(\.count), into: &header)
        var text = style(header, .bold) + "\n"
        text.reserveCapacity(rows.count * (widths.reduce(0, +) + 2 * widths.count + 1))
        for (index, row) in rows.enumerated() {
            var rendered = ""
            render(row, counts[index], into: &rendered)
            if index < styles.count, let rowStyle = styles[index] { rendered = style(rendered, rowStyle) }
            text += rendered
            text += "\n"
        }
        print(text, terminator: "")
    }

    /// A progress line that rewrites itself on a terminal; silent when standard error is not one.
    func progress(_ text: String) {
        guard errorIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func endProgress() {
        guard errorIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension UUID {
    /// The first 8 characters of the id, as listings show it.
    var short: String { String(uuidString.lowercased().prefix(8)) }
}
