import Foundation

/// The wire form of an entity's whole state, as a pull delivers it and a replica stores it:
///
///     {"type": "interview", "id": "…uuid…", "owner": "…uuid…",
///      "fields": {"company": [{"at": "0192f3…", "value": "Acme"}, {"at": "0192f4…", "value": "Acme Corp", "base": "0192f3…"}]},
///      "sets": {"tags": {"remote": {"live": ["0192f3…"], "removed": {"0192f2…": "0192f3…"}}}}}
///
/// Each field lists its writes oldest first; the last is the current value. `sets` maps each
/// element to its live addition tags and its removed tags (with when they were removed).
extension EntityState: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, id, owner, fields, sets
    }

    private struct ElementTags: Codable {
        var live: [Timestamp]?
        var removed: [String: Timestamp]?
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.reject(unknownIn: decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(EntityType.self, forKey: .type)
        let id = try container.decodeUUID(forKey: .id)
        let owner = try container.decodeUUID(forKey: .owner)
        let encodedFields = try container.decodeIfPresent([String: [FieldWrite]].self, forKey: .fields) ?? [:]
        var registers: [String: Register] = [:]
        registers.reserveCapacity(encodedFields.count)
        for (field, writes) in encodedFields {
            guard FieldName.isValid(field) else {
                throw DecodingError.dataCorruptedError(forKey: .fields, in: container, debugDescription: "\"\(field.prefix(64))\": \(FieldName.rule)")
            }
            guard let register = Register(writes: writes) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .fields, in: container, debugDescription: "field \"\(field)\" lists no writes")
            }
            registers[field] = register
        }
        let encodedSets = try container.decodeIfPresent([String: [String: ElementTags]].self, forKey: .sets) ?? [:]
        var sets: [String: AddWinsSet] = [:]
        for (field, elements) in encodedSets {
            guard FieldName.isValid(field) else {
                throw DecodingError.dataCorruptedError(forKey: .sets, in: container, debugDescription: "\"\(field.prefix(64))\": \(FieldName.rule)")
            }
            var parts: [String: AddWinsSet.Tags] = [:]
            for (element, tags) in elements {
                var removed: [Timestamp: Timestamp] = [:]
                for (tagText, at) in tags.removed ?? [:] {
                    guard let tag = Timestamp(tagText) else {
                        throw DecodingError.dataCorruptedError(
                            forKey: .sets, in: container,
                            debugDescription: "\(field).\(element): \"\(tagText.prefix(40))\" is not a timestamp like \(Timestamp.example)")
                    }
                    removed[tag] = at
                }
                parts[element] = AddWinsSet.Tags(live: Set(tags.live ?? []), removed: removed)
            }
            sets[field] = AddWinsSet(elements: parts)
        }
        self.init(type: type, id: id, owner: owner, registers: registers, sets: sets)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id.lowercased, forKey: .id)
        try container.encode(owner.lowercased, forKey: .owner)
        if !registers.isEmpty {
            try container.encode(registers.mapValues(\.writes), forKey: .fields)
        }
        if !sets.isEmpty {
            let encoded = sets.mapValues { set in
                set.elements.mapValues { tags in
                    ElementTags(
                        live: tags.live.isEmpty ? nil : tags.live.sorted(),
                        removed: tags.removed.isEmpty
                            ? nil : Dictionary(uniqueKeysWithValues: tags.removed.map { ($0.key.description, $0.value) }))
                }
            }
            try container.encode(encoded, forKey: .sets)
        }
    }
}
