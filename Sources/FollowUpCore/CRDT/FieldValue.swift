/// The value of one field of an entity: any JSON value.
///
/// The core does not know every field a newer client may write, so values are plain JSON; the
/// domain types (``Interview``, ``FollowUp`` …) read the fields they know and leave the rest alone,
/// which is how unknown fields survive a round trip through an older replica.
public enum FieldValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FieldValue])
    case object([String: FieldValue])

    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    public var numberValue: Double? {
        if case let .number(value) = self { return value }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// The value as canonical JSON: object keys sorted, no insignificant white space. Equal values
    /// have equal text, so it serves as a total order and a stable digest input.
    public var canonicalJSON: String {
        var output = ""
        appendCanonical(to: &output)
        return output
    }

    private func appendCanonical(to output: inout String) {
        switch self {
        case .null: output += "null"
        case let .bool(value): output += value ? "true" : "false"
        case let .number(value): output += Self.canonicalNumber(value)
        case let .string(value): JSONText.appendQuoted(value, to: &output)
        case let .array(values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.appendCanonical(to: &output)
            }
            output += "]"
        case let .object(members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                JSONText.appendQuoted(key, to: &output)
                output += ":"
                members[key, default: .null].appendCanonical(to: &output)
            }
            output += "}"
        }
    }

    package static func canonicalNumber(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.isFinite ? "\(value)" : "null"
    }

    /// How deeply arrays and objects nest; a scalar has depth 0.
    public var depth: Int {
        switch self {
        case .null, .bool, .number, .string: 0
        case let .array(values): 1 + (values.map(\.depth).max() ?? 0)
        case let .object(members): 1 + (members.values.map(\.depth).max() ?? 0)
        }
    }

    /// The number of UTF-8 bytes of all strings and keys inside, the measure the size limits use.
    public var textByteCount: Int {
        switch self {
        case .null, .bool, .number: 0
        case let .string(value): value.utf8.count
        case let .array(values): values.reduce(0) { $0 + $1.textByteCount }
        case let .object(members): members.reduce(0) { $0 + $1.key.utf8.count + $1.value.textByteCount }
        }
    }
}

extension FieldValue {
    /// A total order on values, used only to order two different writes that carry the same
    /// timestamp (which honest replicas never produce), so that merging stays deterministic.
    /// Compares the UTF-8 bytes of the canonical JSON, an order any language can reproduce.
    static func canonicalPrecedes(_ lhs: FieldValue, _ rhs: FieldValue) -> Bool {
        lhs.canonicalJSON.utf8.lexicographicallyPrecedes(rhs.canonicalJSON.utf8)
    }
}

extension FieldValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension FieldValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FieldValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: FieldValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(values): try container.encode(values)
        case let .object(members): try container.encode(members)
        }
    }
}
