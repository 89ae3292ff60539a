import FollowUpCore

/// The field writes of one entity made at one moment, as the entity's wire form carries them.
///
/// A change writes all its fields with one timestamp, so an entity's writes cluster on a few
/// stamps; grouping them by stamp sends and stores each stamp once instead of once per field (a
/// first pull of 20,000 records is a third smaller, and parses a fifth of the stamps).
///
/// Only a faulty replica writes one field twice with one stamp; the second write then goes to a
/// second group with the same stamp, so no write is ever lost.
struct WriteGroup {
    var at: Timestamp
    /// Field names with their writes, in name order.
    var fields: [(name: String, write: FieldWrite)]

    /// Every write of `registers`, grouped by stamp: groups ascending by stamp, fields by name, and
    /// same-stamp writes of one field in the register's own order — one canonical spelling.
    ///
    /// Each register's writes are already in stamp order, so this walks them side by side, stamp by
    /// stamp, without sorting the writes themselves (the server encodes a state per pushed change).
    static func groups(of registers: [String: Register]) -> [WriteGroup] {
        let sorted = registers.sorted { $0.key < $1.key }
        // The common case: one change made the record and nothing has changed it since.
        if let stamp = sorted.first?.value.current.at, sorted.allSatisfy({ $0.value.writes.count == 1 && $0.value.current.at == stamp }) {
            return [WriteGroup(at: stamp, fields: sorted.map { ($0.key, $0.value.current) })]
        }
        let names = sorted.map(\.key)
        let columns = sorted.map(\.value.writes)
        var next = [Int](repeating: 0, count: columns.count)
        var groups: [WriteGroup] = []
        while true {
            // The oldest stamp not yet written out.
            var stamp: Timestamp?
            for (column, writes) in columns.enumerated() where next[column] < writes.count {
                let at = writes[next[column]].at
                if stamp.map({ at < $0 }) ?? true { stamp = at }
            }
            guard let stamp else { return groups }
            let firstOfStamp = groups.count
            for (column, writes) in columns.enumerated() {
                var group = firstOfStamp
                while next[column] < writes.count, writes[next[column]].at == stamp {
                    if group == groups.count { groups.append(WriteGroup(at: stamp, fields: [])) }
                    groups[group].fields.append((names[column], writes[next[column]]))
                    next[column] += 1
                    group += 1
                }
            }
        }
    }
}
