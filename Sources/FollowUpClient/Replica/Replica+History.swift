import FollowUpCore
public import Foundation
import GRDB

extension Replica {
    /// Every value each field of a record keeps, oldest first, with who set it from which device.
    public func history(of id: UUID) throws -> RecordHistory {
        try read { db in
            guard let state = try ReplicaStore.state(of: id, in: db) else {
                throw ClientError.notFound("there is no record \(id.lowercased) on this replica")
            }
            let directory = try directory(db)
            let own = replicaID
            func entry(_ value: String, _ at: Timestamp, status: String) -> RecordHistory.Entry {
                let origin = directory.replicas[at.replica.description]
                return RecordHistory.Entry(
                    value: value,
                    at: at.description,
                    when: Date(timeIntervalSince1970: Double(at.millis) / 1000),
                    author: origin.flatMap { directory.people[$0.account] },
                    device: origin?.device,
                    thisDevice: at.replica == own,
                    status: status
                )
            }
            let fields = state.registers.keys.sorted().compactMap { name -> RecordHistory.Field? in
                guard let register = state.registers[name] else { return nil }
                let entries = register.writes.map { write -> RecordHistory.Entry in
                    let status =
                        write == register.current ? "current" : (register.replacedConcurrently(write) ? "replaced-concurrently" : "replaced")
                    return entry(Self.display(write.value), write.at, status: status)
                }
                return RecordHistory.Field(
                    name: name,
                    entries: entries,
                    forgottenThrough: register.forgotten.map { Date(timeIntervalSince1970: Double($0.millis) / 1000) }
                )
            }
            var labels: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM interviewers") { labels[row["id"]] = row["name"] }
            let elements = state.sets.keys.sorted().flatMap { field -> [RecordHistory.Element] in
                guard let set = state.sets[field] else { return [] }
                return set.elements.keys.sorted().compactMap { element in
                    guard let tags = set.elements[element] else { return nil }
                    let added = (tags.live.union(tags.removed.keys)).sorted().map {
                        entry(element, $0, status: tags.live.contains($0) ? "current" : "replaced")
                    }
                    let removed = tags.removed.values.sorted().map { entry(element, $0, status: "removal") }
                    return RecordHistory.Element(
                        field: field,
                        element: element,
                        label: labels[element] ?? element,
                        present: tags.isPresent,
                        added: added,
                        removed: removed
                    )
                }
            }
            return RecordHistory(id: id.lowercased, type: state.type.rawValue, fields: fields, elements: elements)
        }
    }

    /// A field value as a person reads it: text as is, anything else as JSON.
    static func display(_ value: FieldValue) -> String {
        switch value {
        case let .string(text): text
        case .null: "(empty)"
        default: value.canonicalJSON
        }
    }
}
