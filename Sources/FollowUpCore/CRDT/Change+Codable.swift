import Foundation

/// The wire form of a change:
///
///     {"id": "…uuid…", "type": "interview", "entity": "…uuid…", "owner": "…uuid…",
///      "at": "0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f",
///      "set": {"position": "Data analyst"}, "base": {"position": "0192f3c4…"},
///      "add": {"tags": ["remote"]}, "remove": {"interviewers": {"…uuid…": ["0192f3…"]}}}
///
/// `set`, `base`, `add` and `remove` may be omitted when empty. Unknown members are refused.
extension Change: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, type, entity, owner, at, set, base, add, remove
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.reject(unknownIn: decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeUUID(forKey: .id)
        type = try container.decode(EntityType.self, forKey: .type)
        entity = try container.decodeUUID(forKey: .entity)
        owner = try container.decodeUUID(forKey: .owner)
        at = try container.decode(Timestamp.self, forKey: .at)
        set = try container.decodeIfPresent([String: FieldValue].self, forKey: .set) ?? [:]
        base = try container.decodeIfPresent([String: Timestamp].self, forKey: .base) ?? [:]
        add = try container.decodeIfPresent([String: [String]].self, forKey: .add) ?? [:]
        remove = try container.decodeIfPresent([String: [String: [Timestamp]]].self, forKey: .remove) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.lowercased, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(entity.lowercased, forKey: .entity)
        try container.encode(owner.lowercased, forKey: .owner)
        try container.encode(at, forKey: .at)
        if !set.isEmpty { try container.encode(set, forKey: .set) }
        if !base.isEmpty { try container.encode(base, forKey: .base) }
        if !add.isEmpty { try container.encode(add, forKey: .add) }
        if !remove.isEmpty { try container.encode(remove, forKey: .remove) }
    }
}
