public import FollowUpCore
import Foundation
import SQLiteBinding

/// One follow-up of a to-do listing, read in place from the replica's row: for writing thousands
/// of rows out as bytes without building a value for each. Valid only inside the closure that
/// receives it; ``item`` makes a value that outlives it.
public struct FollowUpRow {
    /// The listing's text columns, by their position in the query.
    public enum Text: Int32 {
        case id = 0
        case interviewID = 2
        case company = 3
        case position = 4
        case kind = 5
        case channel = 6
        case recipient = 7
        case status = 10
        case doneAt = 12
        case outcome = 13
    }

    let row: BoundRow
    /// The owner's username, when the replica knows it.
    public let seeker: String?
    public let earliest: LocalDate?
    public let latest: LocalDate?
    public let snoozedUntil: LocalDate?
    /// How it stands on the listing's day.
    public let urgency: FollowUp.Urgency

    init(row: BoundRow, seeker: String?, today: LocalDate) {
        self.row = row
        self.seeker = seeker
        earliest = row.utf8(8).flatMap(LocalDate.init(isoUTF8:))
        latest = row.utf8(9).flatMap(LocalDate.init(isoUTF8:))
        snoozedUntil = row.utf8(11).flatMap(LocalDate.init(isoUTF8:))
        urgency = FollowUp.urgency(isOpen: row.int64(15) == 1, earliest: earliest, latest: latest, snoozedUntil: snoozedUntil, on: today)
    }

    /// The column's UTF-8 bytes, valid only until the closure that received this row returns;
    /// `nil` when the follow-up has no such value.
    public func utf8(_ column: Text) -> UnsafeBufferPointer<UInt8>? {
        row.utf8(column.rawValue)
    }

    public var attempts: Int { Int(row.int64(14) ?? 0) }

    /// Where it goes in a listing.
    public var order: FollowUpOrder {
        FollowUpOrder(urgency: urgency, deadline: latest ?? earliest, id: utf8(.id).flatMap(UUID.init(utf8:)))
    }

    public var item: FollowUpItem {
        FollowUpItem(
            id: row.text(Text.id.rawValue) ?? "",
            seeker: seeker,
            interviewID: row.text(Text.interviewID.rawValue),
            company: row.text(Text.company.rawValue),
            position: row.text(Text.position.rawValue),
            kind: row.text(Text.kind.rawValue),
            channel: row.text(Text.channel.rawValue),
            recipient: row.text(Text.recipient.rawValue),
            earliest: earliest,
            latest: latest,
            status: row.text(Text.status.rawValue),
            snoozedUntil: snoozedUntil,
            doneAt: row.text(Text.doneAt.rawValue),
            outcome: row.text(Text.outcome.rawValue),
            attempts: attempts,
            urgency: urgency.kind,
            when: urgency.label
        )
    }
}
