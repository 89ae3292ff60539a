public import Foundation

/// Everything known about one entity: every write to every field and every addition and removal
/// of every multi-valued field. This is the conflict-free record.
///
/// State is a join-semilattice: ``apply(_:)`` and ``merge(_:)`` only ever grow it, in any order,
/// any number of times, with the same result. Two replicas that have seen the same changes hold
/// equal states, history included. Fields are open-ended: a field no code here knows is merged
/// and relayed like any other.
///
/// Deletion is the field ``deletedField`` set to `true`; like any field, a later write can set it
/// back to `false` (restore) and an older one cannot resurrect a record deleted after it.
public struct EntityState: Hashable, Sendable, Identifiable {
    /// The tombstone field.
    public static let deletedField = "deleted"

    public let type: EntityType
    public let id: UUID
    /// The seeker this record belongs to; fixed at creation.
    public let owner: UUID
    public private(set) var registers: [String: Register]
    public private(set) var sets: [String: AddWinsSet]

    /// An empty entity, before its first change.
    public init(type: EntityType, id: UUID, owner: UUID) {
        self.type = type
        self.id = id
        self.owner = owner
        self.registers = [:]
        self.sets = [:]
    }

    /// The entity as its first change creates it.
    public init(creating change: Change) {
        self.init(type: change.type, id: change.entity, owner: change.owner)
        applyUnchecked(change)
    }

    package init(type: EntityType, id: UUID, owner: UUID, registers: [String: Register], sets: [String: AddWinsSet]) {
        self.type = type
        self.id = id
        self.owner = owner
        self.registers = registers
        self.sets = sets
    }

    // MARK: Reading

    /// The current value of a field; `nil` when it was never written.
    public func value(_ field: String) -> FieldValue? {
        registers[field]?.current.value
    }

    /// The current text of a field, if it holds a string.
    public func string(_ field: String) -> String? {
        value(field)?.stringValue
    }

    /// The present elements of a multi-valued field, sorted.
    public func elements(_ field: String) -> [String] {
        sets[field]?.present ?? []
    }

    public var isDeleted: Bool {
        value(Self.deletedField) == .bool(true)
    }

    /// The greatest timestamp anywhere in the entity: when it last changed.
    public var lastChanged: Timestamp? {
        var latest: Timestamp?
        for register in registers.values where latest.map({ register.current.at > $0 }) ?? true {
            latest = register.current.at
        }
        for set in sets.values {
            for tags in set.elements.values {
                for tag in tags.live where latest.map({ tag > $0 }) ?? true { latest = tag }
                for at in tags.removed.values where latest.map({ at > $0 }) ?? true { latest = at }
            }
        }
        return latest
    }

    // MARK: Merging

    /// Merges one change; refuses a change for another entity or one that disagrees on type or owner.
    public mutating func apply(_ change: Change) throws(MergeError) {
        try checkIdentity(type: change.type, id: change.entity, owner: change.owner)
        applyUnchecked(change)
    }

    /// Merges everything another replica knows about this entity.
    public mutating func merge(_ other: EntityState) throws(MergeError) {
        try checkIdentity(type: other.type, id: other.id, owner: other.owner)
        for (field, register) in other.registers {
            if let index = registers.index(forKey: field) {
                registers.values[index].merge(register)
            } else {
                registers[field] = register
            }
        }
        for (field, set) in other.sets {
            if let index = sets.index(forKey: field) {
                sets.values[index].merge(set)
            } else {
                sets[field] = set
            }
        }
    }

    private func checkIdentity(type: EntityType, id: UUID, owner: UUID) throws(MergeError) {
        guard id == self.id else { throw .differentEntity(expected: self.id, got: id) }
        guard type == self.type else { throw .typeMismatch(entity: id, expected: self.type, got: type) }
        guard owner == self.owner else { throw .ownerMismatch(entity: id, expected: self.owner, got: owner) }
    }

    private mutating func applyUnchecked(_ change: Change) {
        let hasBases = !change.base.isEmpty
        // A record's first change brings all its fields: size the table once instead of growing it.
        if registers.isEmpty { registers.reserveCapacity(change.set.count) }
        for (field, value) in change.set {
            let write = FieldWrite(value: value, at: change.at, base: hasBases ? change.base[field] : nil)
            // One hash lookup per field: this loop is the merge's hot path.
            if let index = registers.index(forKey: field) {
                registers.values[index].merge(write)
            } else {
                registers[field] = Register(write)
            }
        }
        for (field, elements) in change.add {
            var set = sets.removeValue(forKey: field) ?? AddWinsSet()
            for element in elements { set.add(element, tag: change.at) }
            sets[field] = set
        }
        for (field, removals) in change.remove {
            var set = sets.removeValue(forKey: field) ?? AddWinsSet()
            for (element, tags) in removals { set.remove(element, tags: tags, at: change.at) }
            sets[field] = set
        }
    }
}
