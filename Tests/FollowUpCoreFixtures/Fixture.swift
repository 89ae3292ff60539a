import FollowUpCore
import Foundation
import Testing

/// Small builders shared by the core and wire tests.
public enum Fixture {
    public static let seeker = UUID(uuidString: "5a1f3d6e-0000-4000-8000-000000000001") ?? UUID()
    public static let otherSeeker = UUID(uuidString: "5a1f3d6e-0000-4000-8000-000000000002") ?? UUID()
    public static let entity = UUID(uuidString: "e0000000-0000-4000-8000-000000000001") ?? UUID()
    public static let laptop = ReplicaID(rawValue: 0x1111)
    public static let desktop = ReplicaID(rawValue: 0x2222)

    public static func at(_ millis: UInt64, _ replica: ReplicaID = laptop, counter: UInt16 = 0) -> Timestamp {
        Timestamp(millis: millis, counter: counter, replica: replica)
    }

    public static func change(
        _ millis: UInt64,
        _ replica: ReplicaID = laptop,
        type: EntityType = .interview,
        entity: UUID = entity,
        owner: UUID = seeker,
        set: [String: FieldValue] = [:],
        base: [String: Timestamp] = [:],
        add: [String: [String]] = [:],
        remove: [String: [String: [Timestamp]]] = [:]
    ) -> Change {
        Change(
            id: UUID(),
            type: type,
            entity: entity,
            owner: owner,
            at: at(millis, replica),
            set: set,
            base: base,
            add: add,
            remove: remove
        )
    }

    public static func date(_ text: String) -> LocalDate {
        guard let date = LocalDate(iso: text) else {
            Issue.record("bad fixture date \(text)")
            return LocalDate(daysSinceEpoch: 0)
        }
        return date
    }
}
