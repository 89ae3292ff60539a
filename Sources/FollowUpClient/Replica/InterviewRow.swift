import FollowUpCore
import SQLiteBinding

/// One interview of a listing, read in place from the replica's row: for writing thousands of
/// rows out as bytes without building a value for each. Valid only inside the closure that
/// receives it; ``summary`` makes a value that outlives it.
public struct InterviewRow {
    /// The listing's text columns, by their position in the query.
    public enum Text: Int32 {
        case id = 0
        case company = 2
        case position = 3
        case date = 4
        case time = 5
        case format = 6
        case status = 7
    }

    let row: BoundRow
    /// The owner's username, when the replica knows it.
    public let seeker: String?

    /// The column's UTF-8 bytes, valid only until the closure that received this row returns;
    /// `nil` when the interview has no such value.
    public func utf8(_ column: Text) -> UnsafeBufferPointer<UInt8>? {
        row.utf8(column.rawValue)
    }

    public var openFollowUps: Int { Int(row.int64(8) ?? 0) }
    public var isDeleted: Bool { row.int64(9) == 1 }

    public var summary: InterviewSummary {
        InterviewSummary(
            id: row.text(Text.id.rawValue) ?? "",
            seeker: seeker,
            company: row.text(Text.company.rawValue),
            position: row.text(Text.position.rawValue),
            date: row.text(Text.date.rawValue).flatMap { LocalDate(iso: $0) },
            time: row.text(Text.time.rawValue),
            format: row.text(Text.format.rawValue),
            status: row.text(Text.status.rawValue),
            openFollowUps: openFollowUps,
            deleted: isDeleted
        )
    }
}
