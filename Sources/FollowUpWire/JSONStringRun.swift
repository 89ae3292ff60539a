/// Finding where a JSON string's plain bytes end — the next quote, backslash or control
/// character — eight bytes at a time: strings are most of a sync's JSON (a record's notes run to
/// hundreds of characters), and both the reader and the writer scan every byte of them.
///
/// Byte order: each 8-byte word is read as a little-endian integer (`UInt64(littleEndian:)`, free on
/// the little-endian machines Swift runs on, a byte swap elsewhere), so the byte at the lowest
/// address is always the word's least significant byte and the first match in memory is the lowest
/// flagged bit. The tests check the scan against a byte-by-byte one at every offset.
enum JSONStringRun {
    /// The index of the first byte at or after `start` that is `"`, `\` or below 0x20 (or
    /// `bytes.count` if none is), and whether every byte before it is ASCII.
    static func scan(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (end: Int, isASCII: Bool) {
        var index = start
        var seen: UInt64 = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let found = ends(word)
                if found != 0 {
                    // The lowest flagged byte is exact (a false flag only ever sits above a true
                    // one), and the word is little-endian: it is the first in memory.
                    let offset = found.trailingZeroBitCount >> 3
                    seen |= offset == 0 ? 0 : word & (UInt64.max >> (64 - offset << 3))
                    return (index + offset, seen & highBits == 0)
                }
                seen |= word
                index += 8
            }
        }
        var isASCII = seen & highBits == 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        return (index, isASCII)
    }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` that is `"`, `\` or below 0x20 (and perhaps of bytes
    /// after such a byte): the classic test for a byte below n (exact for n ≤ 128), with a quote
    /// or backslash turned into a zero byte by xor.
    @inline(__always)
    static func ends(_ word: UInt64) -> UInt64 {
        let quote = word ^ (lowBits &* 0x22)
        let backslash = word ^ (lowBits &* 0x5C)
        let found = ((word &- lowBits &* 0x20) & ~word) | ((quote &- lowBits) & ~quote) | ((backslash &- lowBits) & ~backslash)
        return found & highBits
    }
}
