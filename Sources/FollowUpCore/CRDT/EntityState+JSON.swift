public import Foundation

extension EntityState {
    /// The entity's wire form (see `EntityState+Codable.swift`), written directly and canonically:
    /// members in a fixed order, fields and elements sorted.
    public var jsonData: Data {
        var writer = JSONWriter(capacity: 512)
        write(to: &writer)
        return writer.data
    }

    func write(to writer: inout JSONWriter) {
        writer.raw("{\"type\":")
        writer.string(type.rawValue)
        writer.raw(",\"id\":")
        writer.uuid(id)
        writer.raw(",\"owner\":")
        writer.uuid(owner)
        if !registers.isEmpty {
            writer.raw(",\"fields\":")
            writer.map(registers) { writer, register in
                writer.byte(UInt8(ascii: "["))
                for (index, write) in register.writes.enumerated() {
                    if index > 0 { writer.byte(UInt8(ascii: ",")) }
                    writer.raw("{\"at\":")
                    writer.timestamp(write.at)
                    writer.raw(",\"value\":")
                    writer.value(write.value)
                    if let base = write.base {
                        writer.raw(",\"base\":")
                        writer.timestamp(base)
                    }
                    writer.byte(UInt8(ascii: "}"))
                }
                writer.byte(UInt8(ascii: "]"))
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
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "type": type = try scanner.readEntityType()
            case "id": id = try scanner.readUUID()
            case "owner": owner = try scanner.readUUID()
            case "fields":
                try scanner.readObject { scanner, field throws(RecordFormatError) in
                    guard FieldName.isValid(field) else { throw RecordFormatError(path: "", reason: FieldName.rule) }
                    var register: Register?
                    try scanner.readArray { scanner, _ throws(RecordFormatError) in
                        let write = try FieldWrite.read(&scanner)
                        if register == nil { register = Register(write) } else { register?.merge(write) }
                    }
                    guard let register else { throw RecordFormatError(path: "", reason: "lists no writes") }
                    registers[field] = register
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
                                        throw RecordFormatError(path: "", reason: "\"\(tagText.prefix(40))\" is not a timestamp like \(Timestamp.example)")
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
        return EntityState(type: type, id: id, owner: owner, registers: registers, sets: sets)
    }
}

extension FieldWrite {
    static func read(_ scanner: inout JSONScanner) throws(RecordFormatError) -> FieldWrite {
        var at: Timestamp?
        var value: FieldValue?
        var base: Timestamp?
        try scanner.readObject { scanner, key throws(RecordFormatError) in
            switch key {
            case "at": at = try scanner.readTimestamp()
            case "value": value = try scanner.readValue()
            case "base": base = scanner.readNull() ? nil : try scanner.readTimestamp()
            default: throw RecordFormatError(path: "", reason: "unknown member \"\(key.prefix(64))\"")
            }
        }
        guard let at else { throw RecordFormatError(path: "at", reason: "is required but missing") }
        guard let value else { throw RecordFormatError(path: "value", reason: "is required but missing") }
        return FieldWrite(value: value, at: at, base: base)
    }
}
