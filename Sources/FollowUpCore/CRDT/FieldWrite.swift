/// One write to one field: the value, when it was written, and which write the writer saw before.
///
/// `base` is the timestamp of the value the writer's replica showed when the user changed it (nil
/// when the field was empty there). It lets history tell a deliberate overwrite (someone saw the
/// old value and changed it) from a concurrent edit (two people changed the field without seeing
/// each other's value): see ``Register/replacedConcurrently(_:)``.
public struct FieldWrite: Hashable, Sendable {
    public var value: FieldValue
    public var at: Timestamp
    public var base: Timestamp?

    public init(value: FieldValue, at: Timestamp, base: Timestamp? = nil) {
        self.value = value
        self.at = at
        self.base = base
    }

    /// The total order of writes in a register: by timestamp; the rest only breaks ties between
    /// different writes carrying the same timestamp, which only a faulty replica produces.
    static func precedes(_ lhs: FieldWrite, _ rhs: FieldWrite) -> Bool {
        if lhs.at != rhs.at { return lhs.at < rhs.at }
        if lhs.value != rhs.value { return FieldValue.canonicalPrecedes(lhs.value, rhs.value) }
        switch (lhs.base, rhs.base) {
        case let (left?, right?): return left < right
        case (nil, .some): return true
        default: return false
        }
    }
}
