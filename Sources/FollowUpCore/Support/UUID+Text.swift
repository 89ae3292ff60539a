public import Foundation

extension UUID {
    /// The lowercase text form FollowUp writes everywhere (Foundation's default is upper case).
    ///
    /// Written by hand: ids are formatted millions of times in a sync, and Foundation goes
    /// through `sprintf` for each.
    public var lowercased: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            Self.write(self, into: buffer, at: 0)
            return 36
        }
    }

    /// Hands `body` the lowercase text form as UTF-8 in a stack buffer, without making a `String`:
    /// for binding ids as text to a database statement thousands of times per push.
    public func withLowercasedUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { buffer in
            Self.write(self, into: buffer, at: 0)
            return try body(UnsafeBufferPointer(buffer))
        }
    }

    /// Orders ids by their 16 bytes: the order of their text forms (and of SQLite's BLOB keys),
    /// without making the text, which costs a `sprintf` per id in Foundation.
    public static func precedes(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { a in withUnsafeBytes(of: b.uuid) { b in a.lexicographicallyPrecedes(b) } }
    }

    /// Parses the 36-character text form, in either case, without going through `sscanf`.
    public init?(text: some StringProtocol) {
        var text = String(text)
        let parsed: UUID? = text.withUTF8 { bytes in Self.parse(UnsafeRawBufferPointer(bytes)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the 36-character text form from UTF-8 bytes, as a database row hands them over.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parse(UnsafeRawBufferPointer(bytes)) else { return nil }
        self = parsed
    }

    package static func parse(_ bytes: UnsafeRawBufferPointer) -> UUID? {
        guard bytes.count == 36, bytes[8] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: "-"), bytes[18] == UInt8(ascii: "-"),
            bytes[23] == UInt8(ascii: "-")
        else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var index = 0
        var ok = true
        withUnsafeMutableBytes(of: &value) { target in
            var out = 0
            while index < 36 && ok {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    index += 1
                    continue
                }
                guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else {
                    ok = false
                    return
                }
                target[out] = high << 4 | low
                out += 1
                index += 2
            }
        }
        return ok ? UUID(uuid: value) : nil
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Writes the 36 lowercase characters of `id` into `buffer` at `offset`: its 32 digits
    /// eight at a time, then laid out 8-4-4-4-12 between the dashes.
    package static func write(_ id: UUID, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let (high, low) = withUnsafeBytes(of: id.uuid) { raw in
            (raw.loadUnaligned(as: UInt64.self).bigEndian, raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian)
        }
        var digits = (
            HexDigits.eight(UInt32(truncatingIfNeeded: high >> 32)), HexDigits.eight(UInt32(truncatingIfNeeded: high)),
            HexDigits.eight(UInt32(truncatingIfNeeded: low >> 32)), HexDigits.eight(UInt32(truncatingIfNeeded: low))
        )
        withUnsafeBytes(of: &digits) { digits in
            HexDigits.copy(digits, from: 0, count: 8, into: buffer, at: offset)
            HexDigits.copy(digits, from: 8, count: 4, into: buffer, at: offset + 9)
            HexDigits.copy(digits, from: 12, count: 4, into: buffer, at: offset + 14)
            HexDigits.copy(digits, from: 16, count: 4, into: buffer, at: offset + 19)
            HexDigits.copy(digits, from: 20, count: 12, into: buffer, at: offset + 24)
        }
        buffer[offset + 8] = UInt8(ascii: "-")
        buffer[offset + 13] = UInt8(ascii: "-")
        buffer[offset + 18] = UInt8(ascii: "-")
        buffer[offset + 23] = UInt8(ascii: "-")
    }

    /// An example, for error messages.
    package static let example = "7d444840-9dc0-11d1-b245-5ffdce74fad2"
}
