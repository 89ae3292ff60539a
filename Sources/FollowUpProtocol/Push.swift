public import FollowUpCore
import FollowUpWire
public import Foundation

/// `POST /v1/changes`: a batch of changes to merge on the server.
public struct PushRequest: Hashable, Sendable {
    public var changes: [Change]

    public init(changes: [Change]) {
        self.changes = changes
    }

    /// `{"changes":[…]}`, each change in its canonical wire form.
    public var jsonData: Data {
        var writer = JSONWriter(capacity: 64 + changes.count * 320)
        writer.raw("{\"changes\":[")
        for (index, change) in changes.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            change.write(to: &writer)
        }
        writer.raw("]}")
        return writer.data
    }
}

/// The answer to a push: one result per change, in the order they were sent.
public struct PushResponse: Codable, Hashable, Sendable {
    public var results: [PushResult]

    public init(results: [PushResult]) {
        self.results = results
    }

    /// The same document as the `Encodable` form, written directly: a push of a thousand changes
    /// answers a thousand results.
    public var jsonData: Data {
        var writer = JSONWriter(capacity: 64 + results.count * 80)
        writer.raw("{\"results\":[")
        for (index, result) in results.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.raw("{\"id\":")
            writer.uuid(result.id)
            writer.raw(",\"status\":")
            writer.string(result.status.rawValue)
            if let seq = result.seq {
                writer.raw(",\"seq\":")
                writer.value(.number(Double(seq)))
            }
            if result.duplicate == true { writer.raw(",\"duplicate\":true") }
            if let rejection = result.rejection {
                writer.raw(",\"rejection\":{\"code\":")
                writer.string(rejection.code)
                writer.raw(",\"message\":")
                writer.string(rejection.message)
                if let field = rejection.field {
                    writer.raw(",\"field\":")
                    writer.string(field)
                }
                writer.byte(UInt8(ascii: "}"))
            }
            writer.byte(UInt8(ascii: "}"))
        }
        writer.raw("]}")
        return writer.data
    }

    /// Reads a push answer straight from its bytes (``init(from:)`` reads the same through `Codable`).
    public static func decode(json data: Data) throws(RecordFormatError) -> PushResponse {
        try JSONScanner.read(data) { scanner throws(RecordFormatError) in
            var results: [PushResult] = []
            try scanner.readObject { scanner, key throws(RecordFormatError) in
                guard key == "results" else { return try scanner.skipValue() }
                try scanner.readArray { scanner, _ throws(RecordFormatError) in results.append(try PushResult.read(&scanner)) }
            }
            return PushResponse(results: results)
        }
    }
}

/// The fate of one pushed change. A change id has exactly one fate: pushing it again answers the same.
public struct PushResult: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable {
        case accepted, rejected
    }

    /// The change's id.
    public var id: UUID
    public var status: Status
    /// For an accepted change: the server sequence number it was given.
    public var seq: Int64?
    /// For an accepted change: `true` when the server already had it (a retry).
    public var duplicate: Bool?
    /// For a rejected change: why. The change is never applied and should be set aside.
    public var rejection: Rejection?

    public static func accepted(_ id: UUID, seq: Int64, duplicate: Bool = false) -> PushResult {
        PushResult(id: id, status: .accepted, seq: seq, duplicate: duplicate ? true : nil, rejection: nil)
    }

    public static func rejected(_ id: UUID, _ rejection: Rejection) -> PushResult {
        PushResult(id: id, status: .rejected, seq: nil, duplicate: nil, rejection: rejection)
    }

    public init(id: UUID, status: Status, seq: Int64?, duplicate: Bool?, rejection: Rejection?) {
        self.id = id
        self.status = status
        self.seq = seq
        self.duplicate = duplicate
        self.rejection = rejection
    }

    static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> PushResult {
        var id: UUID?
        var status: Status?
        var seq: Int64?
        var duplicate: Bool?
        var rejection: Rejection?
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "id": id = try scanner.readUUID()
            case "status":
                let text = try scanner.readString()
                guard let value = Status(rawValue: text) else { throw RecordFormatError(path: "", reason: "unknown status \"\(text.prefix(32))\"") }
                status = value
            case "seq":
                guard case let .number(number) = try scanner.readValue(), let value = Int64(exactly: number) else {
                    throw RecordFormatError(path: "", reason: "expected a whole number")
                }
                seq = value
            case "duplicate": duplicate = try scanner.readBool()
            case "rejection":
                var code: String?
                var message: String?
                var field: String?
                try scanner.readObject { scanner, part throws(RecordFormatError) in
                    switch part {
                    case "code": code = try scanner.readString()
                    case "message": message = try scanner.readString()
                    case "field": field = try scanner.readString()
                    default: try scanner.skipValue()
                    }
                }
                rejection = Rejection(code: code ?? "rejected", message: message ?? "", field: field)
            default: try scanner.skipValue()
            }
        }
        guard let id, let status else { throw RecordFormatError(path: "", reason: "a result needs an id and a status") }
        return PushResult(id: id, status: status, seq: seq, duplicate: duplicate, rejection: rejection)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(seq, forKey: .seq)
        try container.encodeIfPresent(duplicate, forKey: .duplicate)
        try container.encodeIfPresent(rejection, forKey: .rejection)
    }
}

/// Why the server refused one change.
public struct Rejection: Codable, Hashable, Sendable {
    /// A stable, machine-readable reason; see the `Code` constants.
    public var code: String
    /// A sentence for the user.
    public var message: String
    /// The member of the change at fault, for `invalid`.
    public var field: String?

    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public enum Code {
        /// The change is malformed or over a size limit.
        public static let invalid = "invalid"
        /// The account may not write records of this owner.
        public static let forbidden = "forbidden"
        /// The entity exists with another type.
        public static let typeMismatch = "type-mismatch"
        /// The change's timestamp is too far ahead of the server's clock.
        public static let clockAhead = "clock-ahead"
        /// The change id was used before for a change with other content; the first is kept.
        public static let idReused = "id-reused"
        /// The record has reached its size or field limit (`/v1/info`'s limits) and takes no more.
        public static let recordFull = "record-full"
    }
}
