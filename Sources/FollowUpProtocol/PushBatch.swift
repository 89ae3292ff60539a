public import FollowUpCore
import FollowUpWire
public import Foundation

/// A push request as the server reads it: each change decoded on its own, so that one malformed
/// change is rejected alone instead of failing the whole batch.
///
/// A change whose `id` cannot be read cannot be answered on its own; that alone fails the request.
public struct PushBatch: Sendable {
    public enum Entry: Sendable {
        case change(Change)
        case malformed(id: UUID, error: RecordFormatError)
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads `{"changes": [...]}`, strictly (any other member is an error).
    public static func decode(json data: Data) throws(RecordFormatError) -> PushBatch {
        try data.withUnsafeBytes { raw in Result { () throws(RecordFormatError) in try decode(json: raw) } }.get()
    }

    /// Reads a push from bytes held elsewhere (the server's request buffer), without copying them.
    public static func decode(json bytes: UnsafeRawBufferPointer) throws(RecordFormatError) -> PushBatch {
        try JSONScanner.read(bytes: bytes) { scanner throws(RecordFormatError) in
            var entries: [Entry]?
            try scanner.readObject { scanner, key throws(RecordFormatError) in
                guard key == "changes" else { throw RecordFormatError(path: "", reason: "unknown member \"\(key.prefix(64))\"") }
                var list: [Entry] = []
                try scanner.readArray { scanner, _ throws(RecordFormatError) in
                    let start = scanner.offset
                    do throws(RecordFormatError) {
                        list.append(.change(try Change.read(&scanner)))
                    } catch {
                        if error.isMalformedJSON { throw error }
                        // Read the element again as plain JSON, to answer it by its id.
                        scanner.offset = start
                        let raw = try scanner.readValue()
                        guard case let .object(members) = raw, let text = members["id"]?.stringValue, let id = UUID(text: text) else {
                            throw error
                        }
                        list.append(.malformed(id: id, error: error))
                    }
                }
                entries = list
            }
            guard let entries else { throw RecordFormatError(path: "changes", reason: "is required but missing") }
            return PushBatch(entries: entries)
        }
    }
}
