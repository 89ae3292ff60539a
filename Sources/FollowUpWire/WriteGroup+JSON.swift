import FollowUpCore
import Foundation

extension WriteGroup {
    /// Reads one group, `{"at": …, "set": {…}, "base": {…}}`, as the writes it carries.
    static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> [(String, FieldWrite)] {
        var at: Timestamp?
        var set: [(String, FieldValue)] = []
        var bases: [String: Timestamp] = [:]
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "at": at = try scanner.readTimestamp()
            case "set":
                try scanner.readObject { scanner, field throws(RecordFormatError) in
                    guard FieldName.isValid(field) else { throw RecordFormatError(path: "", reason: FieldName.rule) }
                    set.append((field, try scanner.readValue()))
                }
            case "base":
                try scanner.readObject { scanner, field throws(RecordFormatError) in bases[field] = try scanner.readTimestamp() }
            default: throw RecordFormatError(path: "", reason: "unknown member \"\(key.prefix(64))\"")
            }
        }
        guard let at else { throw RecordFormatError(path: "at", reason: "is required but missing") }
        guard !set.isEmpty else { throw RecordFormatError(path: "set", reason: "writes no field") }
        for field in bases.keys where !set.contains(where: { $0.0 == field }) {
            throw RecordFormatError(path: "base.\(field.prefix(64))", reason: "names a field the group does not set")
        }
        return set.map { field, value in (field, FieldWrite(value: value, at: at, base: bases[field])) }
    }
}
