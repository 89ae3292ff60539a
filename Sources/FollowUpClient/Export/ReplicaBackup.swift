public import FollowUpCore
public import FollowUpProtocol
import FollowUpWire
public import Foundation

/// A full backup of a replica: every record's conflict-free state, and who is who.
/// `followup import` reads it back into an empty replica.
///
/// Records are written and read by the wire codec, as a replica stores them and a pull sends them,
/// so a backup holds each record byte for byte as the replica has it.
public struct ReplicaBackup: Sendable {
    public static let formatName = "followup-backup"

    public var format: String
    public var version: Int
    public var exportedAt: Date
    public var account: AccountInfo?
    public var entities: [EntityState]
    public var people: [AccountInfo]
    public var replicas: [ReplicaInfo]

    /// The backup document, members in name order.
    public func jsonData() throws -> Data {
        var writer = JSONWriter(capacity: 256 + entities.count * 512)
        writer.raw("{")
        if let account {
            writer.raw("\"account\":")
            writer.json(try WireCoding.encode(account))
            writer.raw(",")
        }
        writer.raw("\"entities\":[")
        for (index, entity) in entities.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            entity.write(to: &writer)
        }
        writer.raw("],\"exportedAt\":")
        writer.string(exportedAt.formatted(.iso8601))
        writer.raw(",\"format\":")
        writer.string(format)
        writer.raw(",\"people\":")
        writer.json(try WireCoding.encode(people))
        writer.raw(",\"replicas\":")
        writer.json(try WireCoding.encode(replicas))
        writer.raw(",\"version\":")
        writer.value(.number(Double(version)))
        writer.raw("}")
        return writer.data
    }

    /// Reads a backup document; an error names the member at fault.
    public static func decode(json data: Data) throws(RecordFormatError) -> ReplicaBackup {
        try JSONScanner.read(data) { scanner throws(RecordFormatError) in
            var format: String?
            var version: Int?
            var exportedAt: Date?
            var account: AccountInfo?
            var entities: [EntityState] = []
            var people: [AccountInfo] = []
            var replicas: [ReplicaInfo] = []
            try scanner.readObject { scanner, key throws(RecordFormatError) in
                switch key {
                case "format": format = try scanner.readString()
                case "version":
                    guard case let .number(number) = try scanner.readValue(), let whole = Int(exactly: number) else {
                        throw RecordFormatError(path: "", reason: "expected a whole number")
                    }
                    version = whole
                case "exportedAt":
                    let text = try scanner.readString()
                    guard let date = try? Date(text, strategy: .iso8601) else {
                        throw RecordFormatError(
                            path: "",
                            reason: "expected an ISO 8601 instant like 2026-11-28T09:30:00Z, got \"\(text.prefix(40))\""
                        )
                    }
                    exportedAt = date
                case "account": account = scanner.readNull() ? nil : try AccountInfo.read(&scanner)
                case "entities": try scanner.readArray { scanner, _ throws(RecordFormatError) in entities.append(try EntityState.read(&scanner)) }
                case "people": try scanner.readArray { scanner, _ throws(RecordFormatError) in people.append(try AccountInfo.read(&scanner)) }
                case "replicas": try scanner.readArray { scanner, _ throws(RecordFormatError) in replicas.append(try ReplicaInfo.read(&scanner)) }
                default: throw RecordFormatError(path: "", reason: "unknown member \"\(key.prefix(64))\"")
                }
            }
            guard let format else { throw RecordFormatError(path: "format", reason: "is required but missing") }
            guard let version else { throw RecordFormatError(path: "version", reason: "is required but missing") }
            guard let exportedAt else { throw RecordFormatError(path: "exportedAt", reason: "is required but missing") }
            return ReplicaBackup(
                format: format,
                version: version,
                exportedAt: exportedAt,
                account: account,
                entities: entities,
                people: people,
                replicas: replicas
            )
        }
    }
}
