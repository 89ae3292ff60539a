public import Foundation

/// A patch of one entity made on one replica at one moment: the unit that travels between replicas.
///
/// All fields in `set` are written at timestamp `at`; `add` puts elements into multi-valued fields
/// under the tag `at`; `remove` takes elements out, naming the addition tags the writer had seen.
/// `base` records, per set field, the timestamp of the value the writer replaced (see
/// ``FieldWrite/base``). `id` is globally unique, which is what makes a retried push a no-op.
///
/// The first change of an entity fixes its `type` and `owner` (the seeker it belongs to).
public struct Change: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var type: EntityType
    public var entity: UUID
    public var owner: UUID
    public var at: Timestamp
    public var set: [String: FieldValue]
    public var base: [String: Timestamp]
    public var add: [String: [String]]
    public var remove: [String: [String: [Timestamp]]]

    public init(
        id: UUID,
        type: EntityType,
        entity: UUID,
        owner: UUID,
        at: Timestamp,
        set: [String: FieldValue] = [:],
        base: [String: Timestamp] = [:],
        add: [String: [String]] = [:],
        remove: [String: [String: [Timestamp]]] = [:]
    ) {
        self.id = id
        self.type = type
        self.entity = entity
        self.owner = owner
        self.at = at
        self.set = set
        self.base = base
        self.add = add
        self.remove = remove
    }

    /// How many field operations the change carries (set fields plus added and removed elements).
    public var operationCount: Int {
        self.set.count + add.values.reduce(0) { $0 + $1.count } + remove.values.reduce(0) { $0 + $1.count }
    }
}
