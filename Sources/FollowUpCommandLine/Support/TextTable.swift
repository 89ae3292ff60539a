#if canImport(Glibc)
import Glibc
#endif

/// A table built cell by cell from UTF-8 bytes, written out with its columns aligned.
///
/// Listings run to thousands of rows: every cell goes into one buffer (no `String` per cell, no
/// array per row), widths are counted as cells arrive, and rows can be written in any order
/// (``render(order:hiding:useColor:)``), so a listing read straight from SQLite's rows never
/// builds a value per row.
struct TextTable {
    let headers: [String]
    private var bytes: [UInt8] = []
    /// Where each cell ends in `bytes`; cell `c` of row `r` is number `r * columns + c`.
    private var cellEnds: [Int] = []
    /// Each cell's width in Unicode scalars, in the same order.
    private var cellWidths: [Int] = []
    private var widths: [Int]
    private var styles: [Output.Style?] = []

    init(headers: [String], expectedRows: Int = 0) {
        self.headers = headers
        widths = headers.map { Self.width(of: $0) }
        cellEnds.reserveCapacity(expectedRows * headers.count)
        cellWidths.reserveCapacity(expectedRows * headers.count)
        styles.reserveCapacity(expectedRows)
    }

    var columns: Int { headers.count }
    var rowCount: Int { styles.count }
    var isEmpty: Bool { styles.isEmpty }

    /// Appends bytes to the cell being written.
    mutating func write(_ part: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: part)
    }

    /// Appends text to the cell being written.
    mutating func write(_ part: String) {
        var part = part
        part.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// The widest a cell is shown: a longer value (a note, a 64 KiB field) is cut to this many
    /// characters, the last an ellipsis; `show` and `--json` give values whole.
    static let maximumCellWidth = 60

    /// Ends the cell being written (an empty one if nothing was written since the last).
    mutating func endCell() {
        let start = cellEnds.last ?? 0
        var width = bytes.withUnsafeBufferPointer { Self.width(of: UnsafeBufferPointer(rebasing: $0[start...])) }
        if width > Self.maximumCellWidth {
            truncateCell(from: start)
            width = Self.maximumCellWidth
        }
        cellEnds.append(bytes.count)
        cellWidths.append(width)
        let column = (cellEnds.count - 1) % columns
        if width > widths[column] { widths[column] = width }
    }

    /// Cuts the cell that starts at `start` to its first ``maximumCellWidth`` - 1 characters and an
    /// ellipsis, at a character boundary.
    private mutating func truncateCell(from start: Int) {
        var kept = 0
        var end = start
        while end < bytes.count {
            if bytes[end] & 0xC0 != 0x80 {  // the first byte of a character
                if kept == Self.maximumCellWidth - 1 { break }
                kept += 1
            }
            end += 1
        }
        bytes.removeSubrange(end...)
        write("…")
    }

    /// A whole cell of text.
    mutating func cell(_ text: String) {
        write(text)
        endCell()
    }

    /// A whole cell of UTF-8 bytes; an empty one for `nil`.
    mutating func cell(_ utf8: UnsafeBufferPointer<UInt8>?) {
        if let utf8 { write(utf8) }
        endCell()
    }

    /// A cell of the parts that are there, `separator` between them ("2026-11-20 14:00", "Acme — Planner").
    mutating func cell(joining first: UnsafeBufferPointer<UInt8>?, _ second: UnsafeBufferPointer<UInt8>?, separator: String) {
        if let first { write(first) }
        if let second {
            if first != nil { write(separator) }
            write(second)
        }
        endCell()
    }

    /// A cell with the first 8 characters of an id, as listings show ids (see `String.shortID`).
    mutating func cell(shortID id: UnsafeBufferPointer<UInt8>?) {
        cell(id.map { UnsafeBufferPointer(rebasing: $0.prefix(8)) })
    }

    /// Ends a row whose cells have all been written; `style` colors it on a terminal.
    mutating func endRow(style: Output.Style? = nil) {
        precondition(cellEnds.count == (styles.count + 1) * columns, "a row of \(headers) needs \(columns) cells")
        styles.append(style)
    }

    /// The table as bytes: headers, then rows in `order` (by default as appended), each line ending
    /// in a newline; columns in `hiding` are left out.
    func render(order: [Int]? = nil, hiding: Set<Int> = [], useColor: Bool) -> [UInt8] {
        let shown = (0..<columns).filter { !hiding.contains($0) }
        guard !shown.isEmpty else { return [] }
        // Each line is at most its cells' bytes, the widest cell of each column as padding, two
        // spaces between columns, a style's escape codes and a newline.
        let styleBytes = useColor ? 16 : 0
        let perLine = shown.reduce(0) { $0 + widths[$1] + 2 } + styleBytes + 1
        let headerBytes = headers.reduce(0) { $0 + $1.utf8.count }
        let capacity = bytes.count + headerBytes + (rowCount + 1) * perLine
        return [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            var writer = LineWriter(out: out, widths: widths, shown: shown)
            if useColor { writer.append(Output.Style.bold.start) }
            for column in shown { writer.cell(column, headers[column], width: Self.width(of: headers[column])) }
            if useColor { writer.append(Output.Style.reset) }
            writer.newline()
            bytes.withUnsafeBufferPointer { cells in
                func line(_ row: Int) {
                    let style = useColor ? styles[row] : nil
                    if let style { writer.append(style.start) }
                    for column in shown {
                        let index = row * columns + column
                        let start = index == 0 ? 0 : cellEnds[index - 1]
                        writer.cell(column, UnsafeBufferPointer(rebasing: cells[start..<cellEnds[index]]), width: cellWidths[index])
                    }
                    if style != nil { writer.append(Output.Style.reset) }
                    writer.newline()
                }
                if let order {
                    for row in order { line(row) }
                } else {
                    for row in 0..<rowCount { line(row) }
                }
            }
            count = writer.count
        }
    }

    /// Width in Unicode scalars, counted as the UTF-8 bytes that start one (all but `10xxxxxx`),
    /// eight bytes at a time: exact for the text a listing holds, and cheap to count.
    static func width(of text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress else { return 0 }
        var continuations = 0
        var offset = 0
        while offset + 8 <= text.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            offset += 8
        }
        while offset < text.count {
            if text[offset] & 0xC0 == 0x80 { continuations += 1 }
            offset += 1
        }
        return text.count - continuations
    }

    static func width(of text: String) -> Int {
        var text = text
        return text.withUTF8 { width(of: $0) }
    }
}

/// Writes a table's lines into a buffer sized for them beforehand.
private struct LineWriter {
    let out: UnsafeMutableBufferPointer<UInt8>
    let widths: [Int]
    let last: Int
    private(set) var count = 0

    init(out: UnsafeMutableBufferPointer<UInt8>, widths: [Int], shown: [Int]) {
        self.out = out
        self.widths = widths
        last = shown.last ?? 0
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, let target = out.baseAddress, bytes.count > 0 else { return }
        precondition(count + bytes.count <= out.count, "a table line outgrew its buffer")
        memcpy(target + count, source, bytes.count)
        count += bytes.count
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// A cell, then the spaces that align the next column (none after the last).
    mutating func cell(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, width: Int) {
        append(bytes)
        guard column != last, let target = out.baseAddress else { return }
        let spaces = widths[column] - width + 2
        precondition(count + spaces <= out.count, "a table line outgrew its buffer")
        memset(target + count, Int32(UInt8(ascii: " ")), spaces)
        count += spaces
    }

    mutating func cell(_ column: Int, _ text: String, width: Int) {
        var text = text
        text.withUTF8 { cell(column, $0, width: width) }
    }

    mutating func newline() {
        precondition(count < out.count, "a table line outgrew its buffer")
        out[count] = UInt8(ascii: "\n")
        count += 1
    }
}
