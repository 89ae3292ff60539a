/// One reading of a hybrid logical clock: the moment a write happened, totally ordered across replicas.
///
/// Ordering is by wall-clock milliseconds, then by a counter that separates events within one
/// millisecond (and keeps the clock monotonic when the wall clock steps back), then by replica id,
/// which breaks ties between replicas deterministically.
///
/// The text form is fixed width, lowercase hex, so comparing two strings compares the timestamps:
///
///     0192f3c4d5e6-0001-8c1f0a2b3c4d5e6f
///     └─ millis ─┘ └ctr┘ └─── replica ──┘
///
/// 48 bits of milliseconds last until the year 10889; 16 bits of counter allow 65,536 events in one
/// millisecond before the clock borrows the next millisecond (see ``HybridLogicalClock``).
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The largest millisecond value the 12-digit text form can carry.
    public static let maximumMillis: UInt64 = (1 << 48) - 1
    /// The length of the text form.
    public static let textLength = 34

    /// Milliseconds in the high 48 bits, the counter in the low 16: one integer compare orders both,
    /// and the whole timestamp fits in 16 bytes (it is stored once per write, millions of times).
    private let logical: UInt64
    public let replica: ReplicaID

    public var millis: UInt64 { logical >> 16 }
    public var counter: UInt16 { UInt16(truncatingIfNeeded: logical) }

    /// Creates a timestamp; `millis` is clamped to ``maximumMillis`` so the text form stays fixed width.
    public init(millis: UInt64, counter: UInt16, replica: ReplicaID) {
        self.logical = min(millis, Self.maximumMillis) << 16 | UInt64(counter)
        self.replica = replica
    }

    /// The smallest timestamp a replica can produce: the start of its history.
    public static func zero(for replica: ReplicaID) -> Timestamp {
        Timestamp(millis: 0, counter: 0, replica: replica)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        if lhs.logical != rhs.logical { return lhs.logical < rhs.logical }
        return lhs.replica.rawValue < rhs.replica.rawValue
    }

    public var description: String {
        String(unsafeUninitializedCapacity: Self.textLength) { buffer in
            write(into: buffer, at: 0)
            return Self.textLength
        }
    }

    /// Writes the text form's ``textLength`` bytes into `buffer` at `offset`.
    package func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        HexDigits.write(millis, digits: 12, into: buffer, at: offset)
        buffer[offset + 12] = UInt8(ascii: "-")
        HexDigits.write(UInt64(counter), digits: 4, into: buffer, at: offset + 13)
        buffer[offset + 17] = UInt8(ascii: "-")
        HexDigits.write(replica.rawValue, digits: 16, into: buffer, at: offset + 18)
    }

    /// Parses the text form; `nil` for anything that is not exactly 34 characters of the documented shape.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let parsed = text.withUTF8({ Self(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// Parses the text form from its UTF-8 bytes (a reader scanning a document parses stamps in place).
    package init?(utf8 bytes: UnsafeRawBufferPointer) {
        guard bytes.count == Self.textLength, bytes[12] == UInt8(ascii: "-"), bytes[17] == UInt8(ascii: "-"),
            let millis = HexDigits.parse(UnsafeRawBufferPointer(rebasing: bytes[0..<12])),
            let counter = HexDigits.parse(UnsafeRawBufferPointer(rebasing: bytes[13..<17])),
            let replica = HexDigits.parse(UnsafeRawBufferPointer(rebasing: bytes[18..<34]))
        else { return nil }
        self.init(millis: millis, counter: UInt16(counter), replica: ReplicaID(rawValue: replica))
    }

    /// An example of the text form, for error messages.
    package static let example = "0192f3c4d5e6-0001-8c1f0a2b3c4d5e6f"
}

extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let timestamp = Timestamp(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a timestamp like \(Timestamp.example), got \"\(text.prefix(40))\""
            )
        }
        self = timestamp
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
