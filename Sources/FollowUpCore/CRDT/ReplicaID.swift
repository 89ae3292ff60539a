/// The identity of one replica: one CLI installation, one device.
///
/// Every write a replica makes carries this id inside its ``Timestamp``, so history can say which
/// device set a value, and two replicas writing in the same millisecond still get a total order.
/// It is 64 random bits, shown as 16 lowercase hex digits.
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// Draws a new id; the generator is injected so tests and the core stay deterministic.
    public static func random(using generator: inout some RandomNumberGenerator) -> ReplicaID {
        ReplicaID(rawValue: generator.next())
    }

    /// Parses the 16-hex-digit form produced by ``description``.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 16, let value = HexDigits.parse(hex.utf8) else { return nil }
        self.rawValue = value
    }

    public var description: String { HexDigits.fixedWidth(rawValue, digits: 16) }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ReplicaID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ReplicaID(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a replica id of 16 lowercase hex digits, got \"\(text.prefix(40))\""
            )
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
