public import Foundation

/// Writing iCalendar (RFC 5545) text: escaping of TEXT values and folding of long lines.
public struct ICalendarWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    /// Adds `NAME[;PARAMS]:VALUE`, folded at 75 octets; `value` must already be escaped if it is TEXT.
    public mutating func line(_ name: String, _ value: String) {
        // Most lines fit: written as they are, without the byte copy folding needs.
        if name.utf8.count + 1 + value.utf8.count <= 75 {
            text += name
            text += ":"
            text += value
            text += "\r\n"
            return
        }
        var line = Array("\(name):\(value)".utf8)
        var first = true
        while !line.isEmpty {
            let limit = first ? 75 : 74
            var cut = min(limit, line.count)
            // Never split a UTF-8 sequence: back up to the start of a character.
            while cut < line.count && cut > 0 && (line[cut] & 0xC0) == 0x80 { cut -= 1 }
            if !first { text += " " }
            text += String(decoding: line[0..<cut], as: UTF8.self) + "\r\n"
            line.removeFirst(cut)
            first = false
        }
    }

    /// A TEXT value escaped as RFC 5545 §3.3.11 requires.
    public static func escape(_ value: String) -> String {
        // Most values need no escaping: checked on the bytes, not character by character.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") || $0 == 10 || $0 == 13 }) {
            return value
        }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n", "\r\n": escaped += "\\n"
            case "\r": break
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// `20261120T150000Z`.
    public static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - day * 86_400
        let date = compact(LocalDate(daysSinceEpoch: day))
        return date + "T" + pad(rest / 3600) + pad(rest % 3600 / 60) + pad(rest % 60) + "Z"
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `20261120T100000`: a local time with no zone ("floating"), shown at that hour wherever the
    /// calendar is.
    public static func floating(_ date: LocalDate, _ time: LocalTime) -> String {
        compact(date) + "T" + pad(time.minutesSinceMidnight / 60) + pad(time.minutesSinceMidnight % 60) + "00"
    }

    /// `20261120`, an iCalendar DATE value.
    public static func compact(_ date: LocalDate) -> String {
        guard (0...9999).contains(date.year) else { return date.description.filter { $0 != "-" } }
        return String(date.year + 10_000).dropFirst() + pad(date.month) + pad(date.day)
    }
}
