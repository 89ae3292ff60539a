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

    /// Parses the 36-character text form, in either case, without going through `sscanf`.
    public init?(text: some StringProtocol) {
        var text = String(text)
        let parsed: UUID? = text.withUTF8 { bytes in Self.parse(UnsafeRawBufferPointer(bytes)) }
        guard let parsed else { return nil }
        self = parsed
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> UUID? {
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

    /// Writes the 36 lowercase characters of `id` into `buffer` at `offset`.
    static func write(_ id: UUID, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        withUnsafeBytes(of: id.uuid) { raw in
            var position = offset
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                buffer[position] = HexDigits.digit(raw[index] >> 4)
                buffer[position + 1] = HexDigits.digit(raw[index] & 0xF)
                position += 2
            }
        }
    }

    /// An example, for error messages.
    static let example = "7d444840-9dc0-11d1-b245-5ffdce74fad2"
}

extension KeyedDecodingContainer {
    /// Decodes a UUID written as text, with an error that shows the expected shape.
    func decodeUUID(forKey key: Key) throws -> UUID {
        let text = try decode(String.self, forKey: key)
        guard let id = UUID(text: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "expected a UUID like \(UUID.example), got \"\(text.prefix(40))\"")
        }
        return id
    }
}
