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

        /// The escape sequence that turns the style on; ``reset`` turns it off.
        var start: String { "\u{1B}[\(rawValue)m" }
        static let reset = "\u{1B}[0m"
    }

    func style(_ text: String, _ style: Style) -> String {
        useColor ? style.start + text + Style.reset : text
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

    /// Prints rows under headers, columns aligned; `styles` colors whole rows. The table is written
    /// as bytes in one go: listings run to thousands of rows, and this is most of their cost.
    func table(_ headers: [String], _ rows: [[String]], styles: [Style?] = []) {
        guard !rows.isEmpty else { return }
        // Width in Unicode scalars: exact for the text a listing holds, and cheap to count.
        var widths = headers.map(Self.width)
        var cellWidths: [Int] = []
        cellWidths.reserveCapacity(rows.count * headers.count)
        for row in rows {
            for (index, cell) in row.enumerated() {
                let width = Self.width(cell)
                cellWidths.append(width)
                if index < widths.count { widths[index] = max(widths[index], width) }
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((rows.count + 1) * (widths.reduce(0, +) + 2 * widths.count + 12))
        func append(_ cells: [String], widthsOf cellWidth: (Int) -> Int, style: Style?) {
            if useColor, let style { bytes.append(contentsOf: style.start.utf8) }
            for (index, cell) in cells.enumerated() {
                bytes.append(contentsOf: cell.utf8)
                if index < cells.count - 1 {
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: widths[index] - cellWidth(index) + 2))
                }
            }
            if useColor, style != nil { bytes.append(contentsOf: Style.reset.utf8) }
            bytes.append(UInt8(ascii: "\n"))
        }
        append(headers, widthsOf: { Self.width(headers[$0]) }, style: .bold)
        var offset = 0
        for (index, row) in rows.enumerated() {
            let start = offset
            append(row, widthsOf: { cellWidths[start + $0] }, style: index < styles.count ? styles[index] : nil)
            offset += row.count
        }
        write(bytes)
    }

    /// A cell's width in Unicode scalars, counted as the UTF-8 bytes that start one: over the
    /// string's contiguous bytes, several times faster than walking its scalar view.
    static func width(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
    }

    /// Writes bytes to standard output after whatever `print` has buffered.
    func write(_ bytes: [UInt8]) {
        fflush(nil)
        FileHandle.standardOutput.write(Data(bytes))
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
