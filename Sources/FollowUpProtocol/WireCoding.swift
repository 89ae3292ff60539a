public import FollowUpCore
import FollowUpWire
public import Foundation

/// The JSON settings both sides use, so dates and key order are written the same everywhere.
public enum WireCoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Decodes a protocol document; a failure is a ``RecordFormatError`` naming the member at fault.
    /// A member given twice in one object is an error, as in every document the codec reads.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(RecordFormatError) -> Value {
        try JSONScanner.validate(data)
        do {
            return try decoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw RecordFormatError(error)
        } catch {
            throw RecordFormatError(path: "", reason: "the document could not be read (\(error))")
        }
    }

    public static func encode(_ value: some Encodable) throws -> Data {
        try encoder().encode(value)
    }
}
