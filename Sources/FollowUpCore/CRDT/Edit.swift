public import Foundation

/// What a user changes in one entity, in their own terms: fields to set, elements to add and
/// elements to remove. ``Change/init(id:editing:at:edit:)`` turns it into a ``Change`` against the
/// entity as the local replica sees it, filling in what was seen (bases and observed tags).
public struct Edit: Hashable, Sendable {
    public var set: [String: FieldValue]
    public var add: [String: Set<String>]
    public var remove: [String: Set<String>]
    /// Fields that are written together: when the edit changes any of them, it writes all of those
    /// it sets, changed or not, so they carry one stamp and merge as one (last writer wins for
    /// each, hence the same writer for all).
    public var together: Set<String>

    public init(
        set: [String: FieldValue] = [:],
        add: [String: Set<String>] = [:],
        remove: [String: Set<String>] = [:],
        together: Set<String> = []
    ) {
        self.set = set
        self.add = add
        self.remove = remove
        self.together = together
    }

    public var isEmpty: Bool {
        self.set.isEmpty && add.values.allSatisfy(\.isEmpty) && remove.values.allSatisfy(\.isEmpty)
    }

    /// Marks the entity deleted (a tombstone that a later edit can lift).
    public static var delete: Edit { Edit(set: [EntityState.deletedField: .bool(true)]) }

    /// Lifts a deletion.
    public static var restore: Edit { Edit(set: [EntityState.deletedField: .bool(false)]) }
}

extension Change {
    /// The change that makes `edit` to `state` at `at`.
    ///
    /// Fields whose value would not change are left out, and so are removals of elements that are not
    /// present here; the result may therefore carry no operation at all (check ``operationCount``).
    public init(id: UUID, editing state: EntityState, at: Timestamp, edit: Edit) {
        var set: [String: FieldValue] = [:]
        var base: [String: Timestamp] = [:]
        for (field, value) in edit.set {
            let current = state.registers[field]?.current
            if current?.value == value { continue }
            set[field] = value
            if let current { base[field] = current.at }
        }
        if !edit.together.isDisjoint(with: set.keys) {
            for field in edit.together where set[field] == nil {
                guard let value = edit.set[field] else { continue }
                set[field] = value
                if let current = state.registers[field]?.current { base[field] = current.at }
            }
        }
        var add: [String: [String]] = [:]
        for (field, elements) in edit.add where !elements.isEmpty {
            add[field] = elements.sorted()
        }
        var remove: [String: [String: [Timestamp]]] = [:]
        for (field, elements) in edit.remove {
            guard let observed = state.sets[field] else { continue }
            for element in elements {
                let tags = observed.observedTags(of: element)
                if !tags.isEmpty { remove[field, default: [:]][element] = tags }
            }
        }
        self.init(id: id, type: state.type, entity: state.id, owner: state.owner, at: at, set: set, base: base, add: add, remove: remove)
    }

    /// The change that creates a new entity with the fields and elements of `edit`.
    public init(id: UUID, creating type: EntityType, entity: UUID, owner: UUID, at: Timestamp, edit: Edit) {
        self.init(id: id, editing: EntityState(type: type, id: entity, owner: owner), at: at, edit: edit)
    }
}
