public import Foundation

/// A whole replica's entities in memory: what the property tests compare across replicas and
/// what the merge benchmark drives. Server and client keep entities in their databases instead,
/// one ``EntityState`` at a time, with exactly the same merge.
public struct EntityStore: Hashable, Sendable {
    public private(set) var entities: [UUID: EntityState] = [:]

    public init() {}

    /// Merges a change, creating its entity on first sight.
    public mutating func apply(_ change: Change) throws(MergeError) {
        if let index = entities.index(forKey: change.entity) {
            try entities.values[index].apply(change)
        } else {
            entities[change.entity] = EntityState(creating: change)
        }
    }

    /// Merges another replica's state of one entity.
    public mutating func merge(_ state: EntityState) throws(MergeError) {
        if let index = entities.index(forKey: state.id) {
            try entities.values[index].merge(state)
        } else {
            entities[state.id] = state
        }
    }

    public subscript(id: UUID) -> EntityState? { entities[id] }
}
