import FollowUpClient
import FollowUpCore
import Foundation

/// The one way follow-ups are listed: by `due`, by `interview show`.
enum FollowUpTable {
    /// Writes the follow-ups `filter` selects as a table in listing order (see ``FollowUpOrder``),
    /// straight from the replica's rows; `false` when there are none.
    static func print(
        _ replica: Replica,
        _ filter: FollowUpFilter,
        owner: UUID? = nil,
        interview: UUID? = nil,
        on day: LocalDate? = nil,
        output: Output,
        showInterview: Bool = true
    ) throws -> Bool {
        var table = TextTable(headers: ["id", "seeker", "when", "what", "interview", "window", "status"])
        var seekers = SeekerColumn()
        var orders: [FollowUpOrder] = []
        try replica.forEachFollowUp(filter, owner: owner, interview: interview, on: day) { row in
            table.cell(shortID: row.utf8(.id))
            seekers.cell(row.seeker, in: &table)
            table.cell(row.urgency.label)
            let kind = row.utf8(.kind).flatMap { FollowUp.Kind(rawValue: String(decoding: $0, as: UTF8.self)) }
            let channel = row.utf8(.channel).flatMap { FollowUp.Channel(rawValue: String(decoding: $0, as: UTF8.self)) }
            table.write(Replica.taskTitle(kind: kind, channel: channel))
            if let recipient = row.utf8(.recipient) {
                table.write(" to ")
                table.write(recipient)
            }
            table.endCell()
            table.cell(joining: row.utf8(.company), row.utf8(.position), separator: " — ")
            switch (row.earliest, row.latest) {
            case let (earliest?, latest?) where earliest == latest: table.write(latest.description)
            case let (earliest?, latest?): table.write("\(earliest) – \(latest)")
            case let (earliest, latest): if let day = earliest ?? latest { table.write(day.description) }
            }
            table.endCell()
            if let status = row.utf8(.status) { table.write(status) }
            let attempts = row.attempts
            if attempts > 0 { table.write(" (\(attempts) attempt\(attempts == 1 ? "" : "s"))") }
            table.endCell()
            table.endRow(style: style(row.urgency))
            orders.append(row.order)
        }
        guard !table.isEmpty else { return false }
        var hiding = seekers.hiding(1)
        if !showInterview { hiding.insert(4) }
        output.table(table, order: orders.indices.sorted { orders[$0] < orders[$1] }, hiding: hiding)
        return true
    }

    private static func style(_ urgency: FollowUp.Urgency) -> Output.Style? {
        switch urgency {
        case .overdue: .red
        case .due: .yellow
        case .closed: .dim
        case .upcoming, .snoozed: nil
        }
    }
}
