import FollowUpCore
import Foundation

extension FieldWrite {
    static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> FieldWrite {
        var at: Timestamp?
        var value: FieldValue?
        var base: Timestamp?
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "at": at = try scanner.readTimestamp()
            case "value": value = try scanner.readValue()
            case "base": base = scanner.readNull() ? nil : try scanner.readTimestamp()
            default: throw RecordFormatError(path: "", reason: "unknown member \"\(key.prefix(64))\"")
            }
        }
        guard let at else { throw RecordFormatError(path: "at", reason: "is required but missing") }
        guard let value else { throw RecordFormatError(path: "value", reason: "is required but missing") }
        return FieldWrite(value: value, at: at, base: base)
    }
}
