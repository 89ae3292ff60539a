public import FollowUpCore
import Foundation

/// A to-do listing's order: overdue first, then due, upcoming, snoozed and closed; the earliest
/// deadline first within each; by id when all else is equal, so a listing never reshuffles.
public struct FollowUpOrder: Comparable, Sendable {
    let rank: Int
    let day: Int
    /// The id's 16 bytes as two big-endian words: ordered as the lowercase text form is.
    let id: (UInt64, UInt64)

    init(urgency: FollowUp.Urgency, deadline: LocalDate?, id: UUID?) {
        rank = urgency.rank
        day = deadline?.daysSinceEpoch ?? Int.max
        self.id =
            id.map { id in
                withUnsafeBytes(of: id.uuid) {
                    ($0.loadUnaligned(as: UInt64.self).bigEndian, $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian)
                }
            } ?? (0, 0)
    }

    public static func < (lhs: FollowUpOrder, rhs: FollowUpOrder) -> Bool {
        (lhs.rank, lhs.day, lhs.id.0, lhs.id.1) < (rhs.rank, rhs.day, rhs.id.0, rhs.id.1)
    }

    public static func == (lhs: FollowUpOrder, rhs: FollowUpOrder) -> Bool {
        (lhs.rank, lhs.day, lhs.id.0, lhs.id.1) == (rhs.rank, rhs.day, rhs.id.0, rhs.id.1)
    }
}

extension FollowUp.Urgency {
    /// The listing's word for it: `overdue`, `due`, `upcoming`, `snoozed` or `closed`.
    public var kind: String {
        switch self {
        case .overdue: "overdue"
        case .due: "due"
        case .upcoming: "upcoming"
        case .snoozed: "snoozed"
        case .closed: "closed"
        }
    }

    var rank: Int {
        switch self {
        case .overdue: 0
        case .due: 1
        case .upcoming: 2
        case .snoozed: 3
        case .closed: 4
        }
    }
}
