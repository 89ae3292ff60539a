import FollowUpClient
import FollowUpCore

/// The one way follow-ups are listed: by `due`, by `interview show`.
enum FollowUpTable {
    static func print(_ items: [FollowUpItem], output: Output, showSeeker: Bool, showInterview: Bool = true) {
        var headers = ["id", "when", "what", "window", "status"]
        if showInterview { headers.insert("interview", at: 3) }
        if showSeeker { headers.insert("seeker", at: 1) }
        var styles: [Output.Style?] = []
        let rows = items.map { item -> [String] in
            let title = Replica.taskTitle(kind: item.kind.flatMap(FollowUp.Kind.init), channel: item.channel.flatMap(FollowUp.Channel.init))
                + (item.recipient.map { " to \($0)" } ?? "")
            let window: String
            switch (item.earliest, item.latest) {
            case let (earliest?, latest?) where earliest == latest: window = latest.description
            case let (earliest?, latest?): window = "\(earliest) – \(latest)"
            case let (earliest, latest): window = (earliest ?? latest)?.description ?? ""
            }
            var status = item.status ?? ""
            if item.attempts > 0 { status += " (\(item.attempts) attempt\(item.attempts == 1 ? "" : "s"))" }
            var row = [item.id.shortID, item.when, title, window, status]
            if showInterview { row.insert([item.company, item.position].compactMap { $0 }.joined(separator: " — "), at: 3) }
            if showSeeker { row.insert(item.seeker ?? "", at: 1) }
            styles.append(item.urgency == "overdue" ? .red : (item.urgency == "due" ? .yellow : (item.urgency == "closed" ? .dim : nil)))
            return row
        }
        output.table(headers, rows, styles: styles)
    }
}
