import Foundation

/// The wire form of an entity's whole state, as a pull delivers it and a replica stores it:
///
///     {"type": "interview", "id": "…uuid…", "owner": "…uuid…",
///      "writes": [{"at": "0192f3…", "set": {"company": "Acme", "position": "Analyst"}},
///                 {"at": "0192f4…", "set": {"company": "Acme Corp"}, "base": {"company": "0192f3…"}}],
///      "sets": {"tags": {"remote": {"live": ["0192f3…"], "removed": {"0192f2…": "0192f3…"}}}}}
///
/// `writes` holds every field write ever made, grouped by timestamp (see ``WriteGroup``), oldest
/// first; each field's last write is its current value. `sets` maps each element to its live
/// addition tags and its removed tags (with when they were removed). The earlier form, `fields`
/// listing each field's writes (`{"company": [{"at": …, "value": …, "base": …}]}`), is still read.
extension EntityState: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, id, owner, writes, fields, sets
    }

    private struct EncodedGroup: Codable {
        var at: Timestamp
        var set: [String: FieldValue]
        var base: [String: Timestamp]?

        private enum CodingKeys: String, CodingKey {
            case at, set, base
        }

        init(at: Timestamp, set: [String: FieldValue], base: [String: Timestamp]?) {
            self.at = at
            self.set = set
            self.base = base
        }

        init(from decoder: any Decoder) throws {
            try StrictKeys.reject(unknownIn: decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            at = try container.decode(Timestamp.self, forKey: .at)
            set = try container.decode([String: FieldValue].self, forKey: .set)
            base = try container.decodeIfPresent([String: Timestamp].self, forKey: .base)
        }
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
        var registers: [String: Register] = [:]
        for group in try container.decodeIfPresent([EncodedGroup].self, forKey: .writes) ?? [] {
            guard !group.set.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .writes, in: container, debugDescription: "a group writes no field")
            }
            for (field, value) in group.set {
                guard FieldName.isValid(field) else {
                    throw DecodingError.dataCorruptedError(forKey: .writes, in: container, debugDescription: "\"\(field.prefix(64))\": \(FieldName.rule)")
                }
                let write = FieldWrite(value: value, at: group.at, base: group.base?[field])
                if registers[field]?.merge(write) == nil { registers[field] = Register(write) }
            }
            for field in (group.base ?? [:]).keys where group.set[field] == nil {
                throw DecodingError.dataCorruptedError(
                    forKey: .writes, in: container, debugDescription: "base.\(field.prefix(64)): names a field the group does not set")
            }
        }
        for (field, writes) in try container.decodeIfPresent([String: [FieldWrite]].self, forKey: .fields) ?? [:] {
            guard FieldName.isValid(field) else {
                throw DecodingError.dataCorruptedError(forKey: .fields, in: container, debugDescription: "\"\(field.prefix(64))\": \(FieldName.rule)")
            }
            guard let register = Register(writes: writes) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .fields, in: container, debugDescription: "field \"\(field)\" lists no writes")
            }
            if registers[field]?.merge(register) == nil { registers[field] = register }
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
            let groups = WriteGroup.groups(of: registers).map { group in
                let bases = group.fields.compactMap { field in field.write.base.map { (field.name, $0) } }
                return EncodedGroup(
                    at: group.at, set: Dictionary(group.fields.map { ($0.name, $0.write.value) }, uniquingKeysWith: { first, _ in first }),
                    base: bases.isEmpty ? nil : Dictionary(bases, uniquingKeysWith: { first, _ in first }))
            }
            try container.encode(groups, forKey: .writes)
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
