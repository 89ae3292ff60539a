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
        case noRecipientEmail
        case noSenderName(signedAs: String)
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
                "no mailing address is noted for the letter: add one with `followup interviewer edit ID --address`"
            case .noRecipientEmail:
                "the interviewer's email address is not noted: add it with `followup interviewer edit ID --email`"
            case let .noSenderName(name):
                "your name is not set, so the draft is signed \"\(name)\": set it with `followup config name \"Your Name\"`"
            case .noPosition:
                "the position is not noted, so the draft speaks of \"the position\""
            }
        }
    }
}

/// Who signs the thank-you.
public struct Sender: Hashable, Sendable {
    public var name: String
    /// Whether `name` is one the seeker set, rather than a stand-in (the account's name) that the
    /// draft warns about.
    public var nameIsSet: Bool
    public var address: String?
    public var email: String?
    public var phone: String?

    public init(name: String, nameIsSet: Bool = true, address: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.nameIsSet = nameIsSet
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
        if !sender.nameIsSet { warnings.append(.noSenderName(signedAs: sender.name)) }
        if recipient?.name == nil { warnings.append(.noRecipientName) }
        if interview.position == nil { warnings.append(.noPosition) }
        let isLetter = channel == .mail
        let recipientAddress = recipient?.address ?? interview.location
        if isLetter && recipientAddress == nil { warnings.append(.noMailingAddress) }
        if !isLetter && recipient?.email.flatMap(EmailAddress.init) == nil { warnings.append(.noRecipientEmail) }
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
        if let remarkText = remark?.text { thanks += " " + Self.remarkSentence(NotePhrasing(remarkText)) }
        paragraphs.append(thanks)

        if !strong.isEmpty {
            paragraphs.append(
                Self.strongPointSentences(strong.map(NotePhrasing.init)) + " I believe this experience is a strong match for what your team needs."
            )
        }

        let additions =
            weak.compactMap { note -> String? in
                guard let text = note.text, let addition = note.addition else { return nil }
                return Self.additionSentence(to: NotePhrasing(text), adding: addition)
            }
            + concerns.compactMap { note -> String? in
                guard let text = note.text, let addition = note.addition else { return nil }
                return "Regarding \(Self.lowercasedPhrase(text)): \(Self.addition(addition))"
            }
        if !additions.isEmpty { paragraphs.append(additions.joined(separator: " ")) }

        var interest = "I remain very interested in \(position)\(company)"
        let planned = contributions.map(NotePhrasing.init)
        let helps = planned.compactMap(\.asPlannedAction)
        let things = planned.compactMap { phrasing -> String? in
            if case let .thing(text) = phrasing { return text }
            return nil
        }
        var offers: [String] = []
        if !helps.isEmpty { offers.append("help \(Self.list(helps))") }
        if !things.isEmpty { offers.append("contribute \(Self.list(things))") }
        if !offers.isEmpty { interest += ", and I am confident I could \(offers.joined(separator: " and "))" }
        interest += "."
        for phrasing in planned where phrasing.asPlannedAction == nil {
            switch phrasing {
            case let .clause(text): interest += " " + Self.sentence(text)
            case let .pastAction(text): interest += " " + Self.sentence("I " + NotePhrasing.lowercasingFirst(text))
            case .thing, .action, .question: break
            }
        }
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

        let salutation = "Dear \(recipient?.name.map(Self.salutationName) ?? "Hiring Manager"),"
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

    /// "I especially enjoyed hearing about …" or, for what the interviewer said as a sentence,
    /// "… hearing that …".
    static func remarkSentence(_ remark: NotePhrasing) -> String {
        switch remark {
        case let .clause(text):
            "I especially enjoyed hearing that \(reported(text))."
        case let .question(text):
            "I have been thinking about your question, \"\(text)\""
        case let .thing(text), let .pastAction(text), let .action(text):
            "I especially enjoyed hearing about \(text)."
        }
    }

    /// "She said the team is growing" → "the team is growing": what was said, without who said it.
    static func reported(_ clause: String) -> String {
        let words = clause.split(separator: " ", omittingEmptySubsequences: false)
        let speakers: Set<String> = ["he", "she", "they", "you", "we"]
        let verbs: Set<String> = ["said", "mentioned", "explained", "noted", "told", "says"]
        if words.count > 2, speakers.contains(words[0].lowercased()), verbs.contains(words[1].lowercased()) {
            var rest = words.dropFirst(2)
            if rest.first?.lowercased() == "me" { rest = rest.dropFirst() }
            if rest.first?.lowercased() == "that" { rest = rest.dropFirst() }
            return NotePhrasing.lowercasingFirst(rest.joined(separator: " "))
        }
        return NotePhrasing.lowercasingFirst(clause)
    }

    /// The strong points: things after "tell you about", actions after "how I", and sentences after
    /// "As I mentioned,".
    static func strongPointSentences(_ points: [NotePhrasing]) -> String {
        var things: [String] = []
        var actions: [String] = []
        var clauses: [String] = []
        for point in points {
            switch point {
            case let .thing(text), let .question(text): things.append(text)
            case let .action(text): actions.append("I can " + NotePhrasing.lowercasingFirst(text))
            case .pastAction: actions.append(point.asClause ?? point.text)
            case let .clause(text) where text.hasPrefix("I ") || text.hasPrefix("I'"): actions.append(text)
            case let .clause(text): clauses.append(NotePhrasing.lowercasingFirst(text))
            }
        }
        var sentences: [String] = []
        switch (things.isEmpty, actions.isEmpty) {
        case (false, false): sentences.append("I was glad to have the chance to tell you about \(list(things)), and how \(list(actions)).")
        case (false, true): sentences.append("I was glad to have the chance to tell you about \(list(things)).")
        case (true, false): sentences.append("I was glad to have the chance to tell you how \(list(actions)).")
        case (true, true): break
        }
        if !clauses.isEmpty {
            sentences.append((sentences.isEmpty ? "As I mentioned when we spoke, " : "As I mentioned, ") + list(clauses) + ".")
        }
        return sentences.joined(separator: " ")
    }

    /// Adding to a weak answer, named as the seeker noted it: a topic ("about …"), the question
    /// asked, or a sentence about how it went.
    static func additionSentence(to answer: NotePhrasing, adding addition: String) -> String {
        switch answer {
        case let .question(text):
            "I would also like to add to my answer to your question, \"\(text)\" \(Self.addition(addition))"
        case .clause, .pastAction:
            "I would also like to add to one of my answers: \(Self.addition(addition))"
        case let .thing(text), let .action(text):
            "I would also like to add to my answer about \(text): \(Self.addition(addition))"
        }
    }

    /// An addition as a sentence of the seeker's: "booked the course" becomes "I booked the course."
    static func addition(_ text: String) -> String {
        sentence(NotePhrasing(text).asClause ?? phrase(text))
    }

    /// A noun phrase inside a sentence, first letter lowered unless it starts a name.
    static func lowercasedPhrase(_ text: String) -> String {
        NotePhrasing.lowercasingFirst(phrase(text))
    }

    /// The name after "Dear": title and surname when the name starts with a title ("Ms. Ana
    /// Ruiz" → "Ms. Ruiz"), else the name as noted.
    static func salutationName(_ name: String) -> String {
        let words = name.split(separator: " ").map(String.init)
        let titles: Set<String> = ["mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "sir", "dame"]
        guard words.count >= 3 || (words.count == 2 && titles.contains(words[0].lowercased().trimmingCharacters(in: ["."]))),
            let title = words.first, titles.contains(title.lowercased().trimmingCharacters(in: ["."]))
        else { return name }
        let suffixes: Set<String> = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md"]
        var rest = words.dropFirst()
        while let last = rest.last, rest.count > 1, suffixes.contains(last.lowercased().trimmingCharacters(in: [","])) { rest = rest.dropLast() }
        guard let surname = rest.last else { return name }
        return "\(title) \(surname.trimmingCharacters(in: [","]))"
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
