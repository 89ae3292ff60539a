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

    /// Writes `digits` (up to 16) hex digits of `value` into `buffer` starting at `offset`.
    static func write(_ value: UInt64, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var text = (eight(UInt32(truncatingIfNeeded: value >> 32)), eight(UInt32(truncatingIfNeeded: value)))
        withUnsafeBytes(of: &text) { text in
            copy(text, from: 16 - digits, count: digits, into: buffer, at: offset)
        }
    }

    /// The 8 hex digits of `value` as the bytes of one word, first digit at the lowest address:
    /// all eight at once, with shifts and masks, instead of a loop with a branch per digit.
    @inline(__always)
    static func eight(_ value: UInt32) -> UInt64 {
        var x = UInt64(value)
        // One nibble per byte, the most significant nibble in the most significant byte.
        x = (x | x << 16) & 0x0000_FFFF_0000_FFFF
        x = (x | x << 8) & 0x00FF_00FF_00FF_00FF
        x = (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F
        // 1 in each byte whose nibble is 10 or more; those skip from '0'+10 on to 'a'.
        let letters = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        x = x &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
        return x.bigEndian
    }

    /// Copies `count` bytes of `text` from `start` into `buffer` at `offset`.
    @inline(__always)
    static func copy(_ text: UnsafeRawBufferPointer, from start: Int, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        guard let source = text.baseAddress, let target = buffer.baseAddress else { return }
        UnsafeMutableRawPointer(target + offset).copyMemory(from: source + start, byteCount: count)
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
