public import Foundation

extension UUID {
    /// The lowercase text form FollowUp writes everywhere (Foundation's default is upper case).
    public var lowercased: String { uuidString.lowercased() }

    /// An example, for error messages.
    static let example = "7d444840-9dc0-11d1-b245-5ffdce74fad2"
}

extension KeyedDecodingContainer {
    /// Decodes a UUID written as text, with an error that shows the expected shape.
    func decodeUUID(forKey key: Key) throws -> UUID {
        let text = try decode(String.self, forKey: key)
        guard let id = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "expected a UUID like \(UUID.example), got \"\(text.prefix(40))\"")
        }
        return id
    }
}
