/// The size limits a change must respect to be accepted.
///
/// They protect every replica (and the server) from a record that is too large to store, show or
/// sync: a value of a few megabytes in one field would be copied into every pull forever.
public struct ChangeLimits: Hashable, Sendable {
    /// UTF-8 bytes of text in one field value (strings and object keys together).
    public var maximumValueBytes: Int = 64 * 1024
    /// How deeply arrays and objects may nest in one value.
    public var maximumDepth: Int = 8
    /// Set fields plus added and removed elements in one change.
    public var maximumOperations: Int = 256
    /// UTF-8 bytes of one element of a multi-valued field.
    public var maximumElementBytes: Int = 512
    /// Addition tags one removal may name.
    public var maximumTagsPerRemoval: Int = 1024
    /// UTF-8 bytes of text in all of one change's values together.
    public var maximumChangeBytes: Int = 256 * 1024
    /// Bytes of one record's stored state, overwritten values included: a record that would grow
    /// past it takes no more changes (`record-full`), so no record outgrows a pull or a replica.
    public var maximumRecordBytes: Int = 2 * 1024 * 1024
    /// Distinct fields (single- and multi-valued) one record may have.
    public var maximumRecordFields: Int = 256

    public static let standard = ChangeLimits()

    public init() {}
}

/// Field names: a letter, then up to 63 letters, digits, `_` or `-`.
package enum FieldName {
    package static func isValid(_ name: String) -> Bool {
        // Over contiguous bytes: every field of every pushed change is checked, and walking a
        // short string's UTF-8 view costs several times as much per byte.
        var name = name
        return name.withUTF8 { bytes in
            guard let first = bytes.first, bytes.count <= 64, isLetter(first) else { return false }
            return bytes.allSatisfy {
                isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    package static let rule = "a field name is a letter followed by up to 63 letters, digits, '_' or '-'"
}

extension Change {
    /// Checks the change against `limits`; the error names the offending member, e.g. `set.notes`.
    public func validate(_ limits: ChangeLimits = .standard) throws(RecordFormatError) {
        let operations = operationCount
        if operations == 0 {
            throw RecordFormatError(path: "", reason: "a change must set, add or remove at least one field")
        }
        if operations > limits.maximumOperations {
            throw RecordFormatError(
                path: "",
                reason: "a change carries \(operations) operations; at most \(limits.maximumOperations) are accepted"
            )
        }
        if at.millis == 0 {
            throw RecordFormatError(path: "at", reason: "a change cannot be stamped at the zero timestamp")
        }
        for (field, value) in set {
            try Self.checkName(field, path: "set")
            if value.depth > limits.maximumDepth {
                throw RecordFormatError(
                    path: "set.\(field)",
                    reason: "value nests \(value.depth) levels deep; at most \(limits.maximumDepth) are accepted"
                )
            }
            let bytes = value.textByteCount
            if bytes > limits.maximumValueBytes {
                throw RecordFormatError(
                    path: "set.\(field)",
                    reason: "value is \(bytes) bytes; at most \(limits.maximumValueBytes) are accepted"
                )
            }
        }
        let bytes = textByteCount
        if bytes > limits.maximumChangeBytes {
            throw RecordFormatError(
                path: "",
                reason: "a change carries \(bytes) bytes of values; at most \(limits.maximumChangeBytes) are accepted in one change"
            )
        }
        for field in base.keys where set[field] == nil {
            throw RecordFormatError(path: "base.\(field)", reason: "names a field the change does not set")
        }
        for (field, elements) in add {
            try Self.checkName(field, path: "add")
            for (index, element) in elements.enumerated() {
                try Self.checkElement(element, path: "add.\(field)[\(index)]", limits: limits)
            }
        }
        for (field, removals) in remove {
            try Self.checkName(field, path: "remove")
            for (element, tags) in removals {
                try Self.checkElement(element, path: "remove.\(field)", limits: limits)
                if tags.isEmpty {
                    throw RecordFormatError(path: "remove.\(field).\(element)", reason: "a removal must name the additions it removes")
                }
                if tags.count > limits.maximumTagsPerRemoval {
                    throw RecordFormatError(
                        path: "remove.\(field).\(element)",
                        reason: "names \(tags.count) additions; at most \(limits.maximumTagsPerRemoval) are accepted"
                    )
                }
            }
        }
    }

    private static func checkName(_ field: String, path: String) throws(RecordFormatError) {
        guard FieldName.isValid(field) else {
            throw RecordFormatError(path: "\(path).\(field.prefix(64))", reason: FieldName.rule)
        }
    }

    private static func checkElement(_ element: String, path: String, limits: ChangeLimits) throws(RecordFormatError) {
        if element.isEmpty {
            throw RecordFormatError(path: path, reason: "an element cannot be empty")
        }
        if element.utf8.count > limits.maximumElementBytes {
            throw RecordFormatError(
                path: path,
                reason: "element is \(element.utf8.count) bytes; at most \(limits.maximumElementBytes) are accepted"
            )
        }
    }
}

extension Change {
    /// UTF-8 bytes of text in the change's values and elements: what it adds to a record that keeps
    /// every value it was ever given.
    public var textByteCount: Int {
        self.set.reduce(0) { $0 + $1.key.utf8.count + $1.value.textByteCount }
            + add.reduce(0) { total, entry in entry.value.reduce(total + entry.key.utf8.count) { $0 + $1.utf8.count } }
    }

    /// Fields this change would give `state` that it does not have yet.
    public func newFieldCount(in state: EntityState) -> Int {
        self.set.keys.reduce(0) { state.registers[$1] == nil ? $0 + 1 : $0 } + add.keys.reduce(0) { state.sets[$1] == nil ? $0 + 1 : $0 }
    }
}
