/// Fixed-width lowercase hexadecimal, the alphabet of timestamps and replica ids.
///
/// Fixed width and one case make string order equal numeric order, which is what lets a
/// timestamp be compared, indexed and sorted as plain text by SQLite, PostgreSQL or `sort`.
enum HexDigits {
    /// The lowercase hex digit for a value 0–15, by arithmetic: ids and stamps are written by the
    /// hundred thousand per sync, and a table lookup costs a lazy global's check and bounds checks.
    @inline(__always)
    static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    static func fixedWidth(_ value: UInt64, digits: Int) -> String {
        String(unsafeUninitializedCapacity: digits) { buffer in
            write(value, digits: digits, into: buffer, at: 0)
            return digits
        }
    }

    /// Writes `digits` hex digits of `value` into `buffer` starting at `offset`.
    static func write(_ value: UInt64, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var remaining = value
        var index = offset + digits - 1
        while index >= offset {
            buffer[index] = digit(UInt8(truncatingIfNeeded: remaining & 0xF))
            remaining >>= 4
            index -= 1
        }
    }

    /// Parses lowercase hex digits only; anything else (including upper case) is rejected so that
    /// every value has exactly one spelling.
    static func parse(_ digits: some Collection<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
