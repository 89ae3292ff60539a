import FollowUpCore
import Foundation

/// Writing for people and for scripts: aligned tables and color on a terminal (unless NO_COLOR is
/// set), plain text when piped, JSON on request.
struct Output {
    let console: Console
    let useColor: Bool

    init(console: Console = .current) {
        self.console = console
        let environment = console.environment
        useColor = console.outputIsTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    var isTerminal: Bool { console.outputIsTerminal }

    enum Style: String {
        case red = "31"
        case yellow = "33"
        case green = "32"
        case dim = "2"
        case bold = "1"

        /// The escape sequence that turns the style on; ``reset`` turns it off.
        var start: String { "\u{1B}[\(rawValue)m" }
        static let reset = "\u{1B}[0m"
    }

    func style(_ text: String, _ style: Style) -> String {
        useColor ? style.start + text + Style.reset : text
    }

    func line(_ text: String = "") {
        console.write(text + "\n")
    }

    /// Text as it is, without a line break added (a draft or an export ends with its own).
    func text(_ text: String) {
        console.write(text)
    }

    /// Pushes buffered output out now (standard output is fully buffered when piped); for output
    /// that arrives over time, like `sync --watch`.
    func flush() {
        console.flush()
    }

    /// One line on standard error, naming the tool: what went wrong.
    func error(_ text: String) {
        console.writeToError("followup: \(text)\n")
    }

    /// One line on standard error: a warning or a note beside the output proper.
    func note(_ text: String) {
        console.writeToError("\(text)\n")
    }

    /// Prints a value as pretty, sorted JSON.
    func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints rows under headers, columns aligned; `styles` colors whole rows.
    func table(_ headers: [String], _ rows: [[String]], styles: [Style?] = []) {
        var table = TextTable(headers: headers, expectedRows: rows.count)
        for (index, row) in rows.enumerated() {
            for column in headers.indices { table.cell(column < row.count ? row[column] : "") }
            table.endRow(style: index < styles.count ? styles[index] : nil)
        }
        self.table(table)
    }

    /// Writes a table built cell by cell (nothing when it has no rows).
    func table(_ table: TextTable, order: [Int]? = nil, hiding: Set<Int> = []) {
        guard !table.isEmpty else { return }
        write(table.render(order: order, hiding: hiding, useColor: useColor))
    }

    /// Writes bytes to standard output after whatever is buffered.
    func write(_ bytes: [UInt8]) {
        console.write(bytes: bytes)
    }

    /// A progress line that rewrites itself on a terminal; silent when standard error is not one.
    func progress(_ text: String) {
        guard console.errorIsTerminal else { return }
        console.writeToError("\r\u{1B}[K\(text)")
    }

    func endProgress() {
        guard console.errorIsTerminal else { return }
        console.writeToError("\r\u{1B}[K")
    }
}

extension UUID {
    /// The first 8 characters of the id, as listings show it.
    var short: String { String(uuidString.lowercased().prefix(8)) }
}
