public import FollowUpCore
public import Foundation

extension EntityState {
    /// The entity's wire form (Protocol/SPEC.md §3), written directly and canonically: members in a
    /// fixed order, fields and elements sorted.
    public var jsonData: Data {
        var writer = JSONWriter(capacity: 512)
        write(to: &writer)
        return writer.data
    }

    /// Appends the wire form to `writer`, for documents that carry many of these; without
    /// `forgotten` when `includingForgotten` is off (the content a digest compares).
    public func write(to writer: inout JSONWriter, includingForgotten: Bool = true) {
        writer.raw("{\"type\":")
        writer.string(type.rawValue)
        writer.raw(",\"id\":")
        writer.uuid(id)
        writer.raw(",\"owner\":")
        writer.uuid(owner)
        if !registers.isEmpty {
            writer.raw(",\"writes\":[")
            for (index, group) in WriteGroup.groups(of: registers).enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.raw("{\"at\":")
                writer.timestamp(group.at)
                writer.raw(",\"set\":{")
                for (position, field) in group.fields.enumerated() {
                    if position > 0 { writer.byte(UInt8(ascii: ",")) }
                    writer.string(field.name)
                    writer.byte(UInt8(ascii: ":"))
                    writer.value(field.write.value)
                }
                writer.byte(UInt8(ascii: "}"))
                if group.fields.contains(where: { $0.write.base != nil }) {
                    writer.raw(",\"base\":{")
                    var first = true
                    for field in group.fields {
                        guard let base = field.write.base else { continue }
                        if !first { writer.byte(UInt8(ascii: ",")) }
                        first = false
                        writer.string(field.name)
                        writer.byte(UInt8(ascii: ":"))
                        writer.timestamp(base)
                    }
                    writer.byte(UInt8(ascii: "}"))
                }
                writer.byte(UInt8(ascii: "}"))
            }
            writer.byte(UInt8(ascii: "]"))
            if includingForgotten, registers.values.contains(where: { $0.forgotten != nil }) {
                writer.raw(",\"forgotten\":")
                writer.map(registers.compactMapValues(\.forgotten)) { writer, stamp in writer.timestamp(stamp) }
            }
        }
        if !sets.isEmpty {
            writer.raw(",\"sets\":")
            writer.map(sets) { writer, set in
                writer.map(set.elements) { writer, tags in
                    writer.byte(UInt8(ascii: "{"))
                    var first = true
                    if !tags.live.isEmpty {
                        writer.raw("\"live\":")
                        writer.timestamps(tags.live.sorted())
                        first = false
                    }
                    if !tags.removed.isEmpty {
                        if !first { writer.byte(UInt8(ascii: ",")) }
                        writer.raw("\"removed\":{")
                        for (index, tag) in tags.removed.keys.sorted().enumerated() {
                            if index > 0 { writer.byte(UInt8(ascii: ",")) }
                            writer.timestamp(tag)
                            writer.byte(UInt8(ascii: ":"))
                            if let at = tags.removed[tag] { writer.timestamp(at) }
                        }
                        writer.byte(UInt8(ascii: "}"))
                    }
                    writer.byte(UInt8(ascii: "}"))
                }
            }
        }
        writer.byte(UInt8(ascii: "}"))
    }

    /// Reads an entity's wire form, with the same strictness and error paths as its `Decodable` form.
    public static func decode(json data: Data) throws(RecordFormatError) -> EntityState {
        try JSONScanner.read(data) { scanner throws(RecordFormatError) in try read(&scanner) }
    }

    /// Reads one entity state at the scanner's position.
    public static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> EntityState {
        var type: EntityType?
        var id: UUID?
        var owner: UUID?
        var registers: [String: Register] = [:]
        var sets: [String: AddWinsSet] = [:]
        var forgotten: [String: Timestamp] = [:]
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "forgotten":
                try scanner.readObject { scanner, field throws(RecordFormatError) in forgotten[field] = try scanner.readTimestamp() }
            case "type": type = try scanner.readEntityType()
            case "id": id = try scanner.readUUID()
            case "owner": owner = try scanner.readUUID()
            case "writes":
                registers.reserveCapacity(Change.typicalFieldCount)
                try scanner.readArray { scanner, _ throws(RecordFormatError) in
                    for (field, write) in try WriteGroup.read(&scanner) {
                        if registers[field]?.merge(write) == nil { registers[field] = Register(write) }
                    }
                }
            case "fields":
                // The form before writes were grouped by stamp (kept readable: stored states and older peers use it).
                try scanner.readObject { scanner, field throws(RecordFormatError) in
                    guard FieldName.isValid(field) else { throw RecordFormatError(path: "", reason: FieldName.rule) }
                    var register: Register?
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in
                        let write = try FieldWrite.read(&scanner)
                        if register == nil { register = Register(write) } else { register?.merge(write) }
                    }
                    guard let register else { throw RecordFormatError(path: "", reason: "lists no writes") }
                    if registers[field]?.merge(register) == nil { registers[field] = register }
                }
            case "sets":
                try scanner.readObject { scanner, field throws(RecordFormatError) in
                    guard FieldName.isValid(field) else { throw RecordFormatError(path: "", reason: FieldName.rule) }
                    var elements: [String: AddWinsSet.Tags] = [:]
                    try scanner.readObject { scanner, element throws(RecordFormatError) in
                        var tags = AddWinsSet.Tags()
                        try scanner.readObject { scanner, part throws(RecordFormatError) in
                            switch part {
                            case "live":
                                try scanner.readArray { scanner, _ throws(RecordFormatError) in tags.live.insert(try scanner.readTimestamp()) }
                            case "removed":
                                try scanner.readObject { scanner, tagText throws(RecordFormatError) in
                                    guard let tag = Timestamp(tagText) else {
                                        throw RecordFormatError(
                                            path: "",
                                            reason: "\"\(tagText.prefix(40))\" is not a timestamp like \(Timestamp.example)"
                                        )
                                    }
                                    tags.removed[tag] = try scanner.readTimestamp()
                                }
                            default: throw RecordFormatError(path: "", reason: "unknown member \"\(part.prefix(64))\"")
                            }
                        }
                        elements[element] = tags
                    }
                    sets[field] = AddWinsSet(elements: elements)
                }
            default:
                throw RecordFormatError(path: "", reason: "unknown member \"\(key.prefix(64))\"")
            }
        }
        guard let type else { throw RecordFormatError(path: "type", reason: "is required but missing") }
        guard let id else { throw RecordFormatError(path: "id", reason: "is required but missing") }
        guard let owner else { throw RecordFormatError(path: "owner", reason: "is required but missing") }
        for (field, stamp) in forgotten {
            guard registers[field]?.forget(through: stamp) != nil else {
                throw RecordFormatError(path: "forgotten.\(field.prefix(64))", reason: "names a field with no writes")
            }
        }
        return EntityState(type: type, id: id, owner: owner, registers: registers, sets: sets)
    }
}
