import Foundation

/// Refusing JSON object members a type does not know.
///
/// The wire format is strict: a misspelt key is an error naming that key, not a silently ignored
/// value. (Fields of entities are open-ended and live inside `set`, `add` and `remove`, not as keys
/// of these objects.)
public enum StrictKeys {
    /// Throws a located `DecodingError` for the first member of the object being decoded that
    /// `Keys` does not name.
    public static func reject<Keys: CodingKey>(unknownIn decoder: any Decoder, allowed: Keys.Type) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where Keys(stringValue: key.stringValue) == nil {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: container.codingPath + [key],
                    debugDescription: "unknown member \"\(key.stringValue.prefix(64))\""
                )
            )
        }
    }
}

/// A coding key for any string, to walk objects whose keys are data.
struct AnyCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension KeyedDecodingContainer {
    /// A member that may be left out but is never `null`: leaving it out keeps the current value,
    /// and `null` would read as the same thing while looking like "clear it", so it is refused.
    public func decodeUnlessOmitted<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        guard contains(key) else { return nil }
        return try decode(type, forKey: key)
    }
}
