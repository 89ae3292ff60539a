import Foundation

/// A thank-you letter or email written from the debrief notes, with what it is missing.
///
/// It does what the after-interview advice asks of a thank-you: it thanks the interviewer by name,
/// emphasizes the strong points the seeker made, adds to the answers that were weak, refers to
/// something the interviewer said, and restates interest in the position. Whatever the notes do
/// not supply is left out of the text and reported as a ``Warning``, so the seeker knows what to
/// write before sending rather than finding a gap afterwards.
public struct ThankYouDraft: Hashable, Sendable {
    public let channel: FollowUp.Channel
    /// The subject line, for an email.
    public let subject: String?
    public let body: String
    public let warnings: [Warning]

    /// What the draft could not do with the notes at hand.
    public enum Warning: Hashable, Sendable, CustomStringConvertible {
        case noStrongPoint
        case weakAnswerNotAddressed(String)
        case noRemark
        case noRecipientName
        case noMailingAddress
        case noPosition

        public var description: String {
            switch self {
            case .noStrongPoint:
                "no strong point is noted, so the draft emphasizes none: add a strong-point note"
            case let .weakAnswerNotAddressed(answer):
                "the weak answer \"\(answer)\" has no addition yet, so the draft does not add to it: note what you would add"
            case .noRemark:
                "nothing the interviewer said is noted, so the draft refers to nothing personal: add a remark note"
            case .noRecipientName:
                "the interviewer's name is not noted, so the draft says \"Dear Hiring Manager\""
            case .noMailingAddress:
                "no mailing address is noted for the letter"
            case .noPosition:
                "the position is not noted, so the draft speaks of \"the position\""
            }
        }
    }
}

/// Who signs the thank-you.
public struct Sender: Hashable, Sendable {
    public var name: String
    public var address: String?
    public var email: String?
    public var phone: String?

    public init(name: String, address: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.address = address
        self.email = email
        self.phone = phone
    }
}

/// Writes ``ThankYouDraft``s.
public enum ThankYouComposer {
    /// Composes the thank-you for `interview` to `recipient` from the interview's `notes`, dated `date`.
    /// `channel` is `.mail` for a letter and `.email` (or anything else) for an email.
    public static func compose(
        interview: Interview,
        recipient: Interviewer?,
        notes: [DebriefNote],
        sender: Sender,
        channel: FollowUp.Channel,
        date: LocalDate
    ) -> ThankYouDraft {
        let notes = notes.filter { !$0.isDeleted && $0.text != nil }
        let strong = notes.filter { $0.kind == .strongPoint }.compactMap(\.text)
        let weak = notes.filter { $0.kind == .weakAnswer }
        let concerns = notes.filter { $0.kind == .concern && $0.addition != nil }
        let contributions = notes.filter { $0.kind == .contribution }.compactMap(\.text)
        let remarks = notes.filter { $0.kind == .remark }
        let remark = remarks.first { $0.interviewerID != nil && $0.interviewerID == recipient?.id } ?? remarks.first

        var warnings: [ThankYouDraft.Warning] = []
        if recipient?.name == nil { warnings.append(.noRecipientName) }
        if interview.position == nil { warnings.append(.noPosition) }
        let isLetter = channel == .mail
        let recipientAddress = recipient?.address ?? interview.location
        if isLetter && recipientAddress == nil { warnings.append(.noMailingAddress) }
        if strong.isEmpty { warnings.append(.noStrongPoint) }
        for answer in weak where answer.addition == nil {
            warnings.append(.weakAnswerNotAddressed(answer.text ?? ""))
        }
        if remark == nil { warnings.append(.noRemark) }

        let position = interview.position.map { "the \($0) position" } ?? "the position"
        let company = interview.company.map { " at \($0)" } ?? ""
        var paragraphs: [String] = []

        var thanks = "Thank you for taking the time to meet with me"
        if let day = interview.date { thanks += " on \(day.weekdayAndDay)" }
        thanks += " to discuss \(position)\(company)."
        if let remarkText = remark?.text {
            thanks += " I especially enjoyed hearing about \(Self.phrase(remarkText))."
        }
        paragraphs.append(thanks)

        if !strong.isEmpty {
            paragraphs.append(
                "I was glad to have the chance to tell you about \(Self.list(strong.map(Self.phrase))). "
                    + "I believe this experience is a strong match for what your team needs."
            )
        }

        let additions =
            weak.compactMap { note -> String? in
                guard let text = note.text, let addition = note.addition else { return nil }
                return "I would also like to add to my answer about \(Self.phrase(text)): \(Self.sentence(addition))"
            }
            + concerns.compactMap { note -> String? in
                guard let text = note.text, let addition = note.addition else { return nil }
                return "Regarding \(Self.phrase(text)): \(Self.sentence(addition))"
            }
        if !additions.isEmpty { paragraphs.append(additions.joined(separator: " ")) }

        var interest = "I remain very interested in \(position)\(company)"
        if !contributions.isEmpty {
            interest += ", and I am confident I could contribute \(Self.list(contributions.map(Self.phrase)))"
        }
        interest += "."
        var contact = " Please let me know if I can provide any further information"
        if let phone = sender.phone {
            contact += "; I can be reached at \(phone)"
        } else if let email = sender.email, isLetter {
            contact += "; I can be reached at \(email)"
        }
        interest += contact + "."
        if let decision = interview.decisionDate, decision >= date {
            interest += " I look forward to hearing from you about your decision by \(decision.longText)."
        } else {
            interest += " I look forward to hearing from you."
        }
        paragraphs.append(interest)

        let salutation = "Dear \(recipient?.name ?? "Hiring Manager"),"
        var lines: [String] = []
        if isLetter {
            lines.append(sender.name)
            if let address = sender.address { lines.append(contentsOf: Self.lines(address)) }
            lines.append("")
            lines.append(date.longText)
            lines.append("")
            if let name = recipient?.name { lines.append(name) }
            if let title = recipient?.title { lines.append(title) }
            if let company = interview.company { lines.append(company) }
            if let recipientAddress { lines.append(contentsOf: Self.lines(recipientAddress)) }
            lines.append("")
        }
        lines.append(salutation)
        lines.append("")
        lines.append(paragraphs.joined(separator: "\n\n"))
        lines.append("")
        lines.append(isLetter ? "Sincerely," : "Best regards,")
        lines.append(sender.name)
        if !isLetter {
            if let phone = sender.phone { lines.append(phone) }
        }
        let subject = isLetter ? nil : "Thank you — \(interview.position ?? "our interview")\(interview.company.map { ", \($0)" } ?? "")"
        return ThankYouDraft(
            channel: isLetter ? .mail : .email,
            subject: subject,
            body: lines.joined(separator: "\n") + "\n",
            warnings: warnings
        )
    }

    /// A note's text as a phrase inside a sentence: no trailing full stop, first letter kept as written.
    static func phrase(_ text: String) -> String {
        var phrase = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = phrase.last, ".!;:".contains(last) { phrase.removeLast() }
        return phrase
    }

    /// A note's text as a whole sentence: capitalized, ending with punctuation.
    static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first else { return trimmed }
        let capitalized = first.uppercased() + trimmed.dropFirst()
        return capitalized.last.map { ".!?".contains($0) } == true ? capitalized : capitalized + "."
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
