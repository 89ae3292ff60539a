public import Foundation

/// Reading changes and records from JSON with errors that name the member at fault.
public enum RecordCoding {
    /// Decodes any FollowUp document, translating failures into a ``RecordFormatError``.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(RecordFormatError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw RecordFormatError(error)
        } catch {
            throw RecordFormatError(path: "", reason: "the document could not be read (\(error))")
        }
    }

    /// Decodes one change and checks it against `limits`.
    public static func decodeChange(_ data: Data, limits: ChangeLimits = .standard) throws(RecordFormatError) -> Change {
        let change = try Change.decode(json: data)
        try change.validate(limits)
        return change
    }

    /// Encodes a value as compact JSON with sorted keys, so equal values give equal bytes.
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
