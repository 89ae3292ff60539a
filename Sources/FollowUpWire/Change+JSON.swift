public import FollowUpCore
public import Foundation

extension Change {
    /// The change's wire form (see `Change+Codable.swift`), written directly and canonically.
    public var jsonData: Data {
        var writer = JSONWriter(capacity: 256)
        write(to: &writer)
        return writer.data
    }

    /// Appends the wire form to `writer`, for documents that carry many of these.
    public func write(to writer: inout JSONWriter) {
        writer.raw("{\"id\":")
        writer.uuid(id)
        writer.raw(",\"type\":")
        writer.string(type.rawValue)
        writer.raw(",\"entity\":")
        writer.uuid(entity)
        writer.raw(",\"owner\":")
        writer.uuid(owner)
        writer.raw(",\"at\":")
        writer.timestamp(at)
        if !self.set.isEmpty {
            writer.raw(",\"set\":")
            writer.map(self.set) { writer, value in writer.value(value) }
        }
        if !base.isEmpty {
            writer.raw(",\"base\":")
            writer.map(base) { writer, timestamp in writer.timestamp(timestamp) }
        }
        if !add.isEmpty {
            writer.raw(",\"add\":")
            writer.map(add) { writer, elements in
                writer.byte(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { writer.byte(UInt8(ascii: ",")) }
                    writer.string(element)
                }
                writer.byte(UInt8(ascii: "]"))
            }
        }
        if !remove.isEmpty {
            writer.raw(",\"remove\":")
            writer.map(remove) { writer, removals in
                writer.map(removals) { writer, tags in
                    writer.timestamps(tags)
                }
            }
        }
        writer.byte(UInt8(ascii: "}"))
    }

    /// Reads a change's wire form, with the same strictness and error paths as its `Decodable` form
    /// (limits are checked separately, by ``validate(_:)``).
    public static func decode(json data: Data) throws(RecordFormatError) -> Change {
        try JSONScanner.read(data) { scanner throws(RecordFormatError) in try read(&scanner) }
    }

    /// Fields a change or an entity usually has (the record types have 5 to 15).
    static let typicalFieldCount = 12

    /// Reads one change at the scanner's position.
    public static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> Change {
        var id: UUID?
        var type: EntityType?
        var entity: UUID?
        var owner: UUID?
        var at: Timestamp?
        var set: [String: FieldValue] = [:]
        var base: [String: Timestamp] = [:]
        var add: [String: [String]] = [:]
        var remove: [String: [String: [Timestamp]]] = [:]
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "id": id = try scanner.readUUID()
            case "type": type = try scanner.readEntityType()
            case "entity": entity = try scanner.readUUID()
            case "owner": owner = try scanner.readUUID()
            case "at": at = try scanner.readTimestamp()
            case "set":
                // Room for a typical record's fields up front: growing a dictionary rehashes it.
                set.reserveCapacity(Self.typicalFieldCount)
                try scanner.readObject { scanner, field throws(RecordFormatError) in set[field] = try scanner.readValue() }
            case "base":
                base.reserveCapacity(Self.typicalFieldCount)
                try scanner.readObject { scanner, field throws(RecordFormatError) in base[field] = try scanner.readTimestamp() }
            case "add":
                try scanner.readObject { scanner, field throws(RecordFormatError) in
                    var elements: [String] = []
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in elements.append(try scanner.readString()) }
                    add[field] = elements
                }
            case "remove":
                try scanner.readObject { scanner, field throws(RecordFormatError) in
                    var removals: [String: [Timestamp]] = [:]
                    try scanner.readObject { scanner, element throws(RecordFormatError) in
                        var tags: [Timestamp] = []
                        try scanner.readArray { scanner, _ throws(RecordFormatError) in tags.append(try scanner.readTimestamp()) }
                        removals[element] = tags
                    }
                    remove[field] = removals
                }
            default:
                throw RecordFormatError(path: "", reason: "unknown member \"\(key.prefix(64))\"")
            }
        }
        guard let id else { throw RecordFormatError(path: "id", reason: "is required but missing") }
        guard let type else { throw RecordFormatError(path: "type", reason: "is required but missing") }
        guard let entity else { throw RecordFormatError(path: "entity", reason: "is required but missing") }
        guard let owner else { throw RecordFormatError(path: "owner", reason: "is required but missing") }
        guard let at else { throw RecordFormatError(path: "at", reason: "is required but missing") }
        return Change(id: id, type: type, entity: entity, owner: owner, at: at, set: set, base: base, add: add, remove: remove)
    }
}
