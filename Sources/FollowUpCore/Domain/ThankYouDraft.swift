public import Foundation

/// A thank-you letter or email written from the debrief notes, with what it is missing and what
/// it left for the seeker to mention.
///
/// It does what the after-interview advice asks of a thank-you: it thanks the interviewer by name
/// for their time, emphasizes the strong points the seeker made, adds to the answers that were
/// weak, refers to something the interviewer said, and restates interest in the position. Notes
/// reach it through ``LetterFrame``s and ``LetterWording``: only what reads well is in the body;
/// a note that could not be placed is in ``toMention``, and what the notes do not supply is a
/// ``Warning``, so the seeker knows what to write before sending.
public struct ThankYouDraft: Hashable, Sendable {
    public let channel: FollowUp.Channel
    /// The subject line, for an email.
    public let subject: String?
    public let body: String
    public let warnings: [Warning]
    /// Notes meant for the letter that it does not say, for the seeker to work in by hand.
    public let toMention: [Mention]

    /// A note the composer did not place in the letter, why, and the sentence it could complete.
    public struct Mention: Hashable, Sendable, CustomStringConvertible {
        public let note: UUID
        public let kind: DebriefNote.Kind
        public let text: String
        public let reason: LetterWording.Reason
        public let frame: LetterFrame?

        public var description: String { "\(kind.label), \(reason): \(text)" }

        /// How to have the letter say it.
        public static let advice =
            "A note reaches the letter when it is written as the end of its kind's sentence (the guided debrief shows them) or as a sentence of yours starting with I."
    }

    /// What the draft could not do with the notes at hand.
    public enum Warning: Hashable, Sendable, CustomStringConvertible {
        case noStrongPoint
        case weakAnswerNotAddressed(String)
        case noRemark
        case noRecipientName
        case noMailingAddress
        case noRecipientEmail
        case noSenderName(signedAs: String)
        case noSenderAddress
        case noPosition

        public var description: String {
            switch self {
            case .noStrongPoint:
                "no strong point is in the letter: add a strong-point note that completes \"\(LetterFrame.strongPoint.template)\""
            case let .weakAnswerNotAddressed(answer):
                "the weak answer \"\(answer)\" has no addition yet, so the draft does not add to it: note what you would add"
            case .noRemark:
                "no remark of the interviewer's is in the letter: add one that completes \"\(LetterFrame.remark.template)\""
            case .noRecipientName:
                "the interviewer's name is not noted, so the draft says \"Dear Hiring Manager\""
            case .noMailingAddress:
                "no mailing address is noted for the letter: add the interviewer's address"
            case .noRecipientEmail:
                "the interviewer's email address is not noted (or is not a usable address): add it"
            case .noSenderAddress:
                "your address is not set, so the letter has no return address: set it with `followup config address \"12 Elm St\\nTacoma, WA\"`"
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
    ///
    /// Only the seeker's own notes can reach the letter: a note whose text was written by a replica
    /// in `othersReplicas` (a counselor's device) never does, whatever its kind. The notes are
    /// taken in the order they were made, so every device composes the same draft.
    public static func compose(
        interview: Interview,
        recipient: Interviewer?,
        notes: [DebriefNote],
        sender: Sender,
        channel: FollowUp.Channel,
        date: LocalDate,
        othersReplicas: Set<ReplicaID> = []
    ) -> ThankYouDraft {
        let notes = notes.filter { !$0.isDeleted && $0.text != nil }.sorted { a, b in
            a.madeAt != b.madeAt ? (a.madeAt.map { at in b.madeAt.map { at < $0 } ?? true } ?? false) : a.id.uuidString < b.id.uuidString
        }
        let own = notes.filter { note in note.writtenBy.map { !othersReplicas.contains($0) } ?? true && note.inLetter != false }
        var mentions: [ThankYouDraft.Mention] = []
        var used = Set<String>()

        /// The sentences the notes of `kind` make in `frame` (with `words` picking the text), the
        /// fills apart; unplaced ones become mentions. Repeats are dropped.
        func wordings(_ kind: DebriefNote.Kind, frame: LetterFrame, words: (DebriefNote) -> String?) -> (fills: [String], sentences: [String]) {
            var fills: [String] = []
            var sentences: [String] = []
            for note in own where note.kind == kind {
                guard let text = words(note) else { continue }
                // Letting a note into the letter (`--in-letter`) says it was written for it.
                var wording = LetterWording(text, framed: note.isFramed || note.inLetter == true, frame: frame)
                if let placed = wording.sentence(in: frame), Self.namesReader(placed, recipient: recipient) {
                    wording = .unplaced(text, .namesTheReader)
                }
                switch wording {
                case let .fill(fill):
                    if used.insert(Self.key(fill)).inserted { fills.append(fill) }
                case let .sentence(sentence):
                    if used.insert(Self.key(sentence)).inserted { sentences.append(sentence) }
                case let .unplaced(text, reason):
                    mentions.append(ThankYouDraft.Mention(note: note.id, kind: kind, text: text, reason: reason, frame: frame))
                }
            }
            return (fills, sentences)
        }

        let strong = wordings(.strongPoint, frame: .strongPoint) { $0.text }
        let contributions = wordings(.contribution, frame: .contribution) { $0.text }
        let weakAdditions = wordings(.weakAnswer, frame: .addition) { $0.addition }
        // A concern is the seeker's reading of the employer's doubts: only its addition, and only
        // when the seeker said it belongs in the letter.
        let concernAdditions = wordings(.concern, frame: .addition) { $0.inLetter == true ? $0.addition : nil }
        // A remark noted as another interviewer's is theirs, not this letter's.
        let remarks = own.filter { $0.kind == .remark && ($0.interviewerID == nil || $0.interviewerID == recipient?.id) }
        let preferred = remarks.filter { $0.interviewerID != nil } + remarks
        // One remark is enough: the recipient's own, else the first that reads in the letter.
        var remarkSentence: String?
        var seen = Set<UUID>()
        for note in preferred where seen.insert(note.id).inserted {
            guard let text = note.text else { continue }
            var wording = LetterWording(text, framed: note.isFramed, frame: .remark)
            if let placed = wording.sentence(in: .remark), Self.namesReader(placed, recipient: recipient) {
                wording = .unplaced(text, .namesTheReader)
            }
            if let sentence = wording.sentence(in: .remark) {
                if remarkSentence == nil, used.insert(Self.key(sentence)).inserted {
                    remarkSentence = sentence
                } else {
                    mentions.append(ThankYouDraft.Mention(note: note.id, kind: .remark, text: text, reason: .oneRemarkIsEnough, frame: .remark))
                }
            } else if case let .unplaced(text, reason) = wording {
                mentions.append(ThankYouDraft.Mention(note: note.id, kind: .remark, text: text, reason: reason, frame: .remark))
            }
        }

        var warnings: [ThankYouDraft.Warning] = []
        if !sender.nameIsSet { warnings.append(.noSenderName(signedAs: sender.name)) }
        if recipient?.name == nil { warnings.append(.noRecipientName) }
        if interview.position == nil { warnings.append(.noPosition) }
        let isLetter = channel == .mail
        let recipientAddress = recipient?.address ?? interview.location.flatMap { Interview.isPostalAddress($0) ? $0 : nil }
        if isLetter && recipientAddress == nil { warnings.append(.noMailingAddress) }
        if isLetter && sender.address == nil { warnings.append(.noSenderAddress) }
        if !isLetter && recipient?.email.flatMap(EmailAddress.init) == nil { warnings.append(.noRecipientEmail) }
        if strong.fills.isEmpty && strong.sentences.isEmpty { warnings.append(.noStrongPoint) }
        for answer in own where answer.kind == .weakAnswer && answer.addition == nil {
            warnings.append(.weakAnswerNotAddressed(answer.text ?? ""))
        }
        if remarkSentence == nil { warnings.append(.noRemark) }

        let position = interview.position.map { "the \($0) position" } ?? "the position"
        let company = interview.company.map { " at \($0)" } ?? ""
        var paragraphs: [String] = []

        var thanks = "Thank you for taking the time to \(interview.format == .phone ? "speak" : "meet") with me"
        if let day = interview.date { thanks += " on \(day.weekdayAndDay)," }
        thanks += " to discuss \(position)\(company)."
        if let remarkSentence { thanks += " " + remarkSentence }
        paragraphs.append(thanks)

        var strongParagraph = strong.fills.isEmpty ? [] : [LetterFrame.strongPoint.sentence(Self.list(strong.fills))]
        strongParagraph += strong.sentences
        if !strongParagraph.isEmpty {
            strongParagraph.append("I believe this experience is a strong match for what your team needs.")
            paragraphs.append(strongParagraph.joined(separator: " "))
        }

        let additionFills = weakAdditions.fills + concernAdditions.fills
        let additionSentences = weakAdditions.sentences + concernAdditions.sentences
        var additions: [String] = []
        for (index, fill) in additionFills.enumerated() {
            additions.append(index == 0 ? LetterFrame.addition.sentence(fill) : "I would also add that \(fill).")
        }
        if !additionSentences.isEmpty {
            if additions.isEmpty { additions.append("I would also like to add to my answers from our conversation.") }
            additions += additionSentences
        }
        if !additions.isEmpty { paragraphs.append(additions.joined(separator: " ")) }

        var interest = "I remain very interested in \(position)\(company)"
        if !contributions.fills.isEmpty { interest += ", and \(LetterFrame.contribution.lead) \(Self.list(contributions.fills))" }
        interest += "."
        for sentence in contributions.sentences { interest += " " + sentence }
        var contact = " Please let me know if I can provide any further information"
        if let phone = sender.phone {
            contact += "; I can be reached at \(phone)"
        } else if let email = sender.email.flatMap(EmailAddress.init), isLetter {
            contact += "; I can be reached at \(email)"
        }
        interest += contact + "."
        if let decision = interview.decisionDate, decision >= date {
            interest += " I look forward to hearing from you about your decision by \(decision.longText)."
        } else {
            interest += " I look forward to hearing from you."
        }
        paragraphs.append(interest)

        let recipientName = recipient?.name.map(Self.personalName).map(Self.nameAsName)
        let salutation = "Dear \(recipientName.map(Self.salutationName) ?? "Hiring Manager"),"
        var lines: [String] = []
        if isLetter {
            lines.append(sender.name)
            if let address = sender.address { lines.append(contentsOf: Self.lines(address)) }
            lines.append("")
            lines.append(date.longText)
            lines.append("")
            if let recipientName { lines.append(recipientName) }
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
            warnings: warnings,
            toMention: mentions
        )
    }

    /// Whether a sentence speaks of the reader in the third person, by name ("priya's team",
    /// "so Dr. Lee can …") or by title ("work with the branch manager"): the letter is written to
    /// them, so it would say "you".
    static func namesReader(_ sentence: String, recipient: Interviewer?) -> Bool {
        guard let recipient else { return false }
        let words = sentence.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "\u{2019}" && $0 != "-" }).map { word in
            var bare = String(word)
            for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] where bare.hasSuffix(suffix) { bare.removeLast(suffix.count) }
            return bare
        }
        let titles: Set<String> = ["mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "sir", "dame", "chef", "principal", "coach"]
        let names = (recipient.name.map(personalName) ?? "").lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "'" })
            .map(String.init).filter { $0.count > 1 && !titles.contains($0) }
        if names.contains(where: words.contains) { return true }
        // The title noted with the name ("Maria Santos-Reyes, Branch Manager") or on its own.
        let noted = [recipient.title, recipient.name.flatMap { name in name.contains(",") ? String(name.drop { $0 != "," }.dropFirst()) : nil }]
        let joined = " " + words.joined(separator: " ") + " "
        return noted.compactMap { $0?.lowercased().split(whereSeparator: { !$0.isLetter }).joined(separator: " ") }
            .contains { !$0.isEmpty && $0.contains(" ") && joined.contains(" \($0) ") }
    }

    /// The name itself, without what a note adds after a comma or in brackets ("Mrs. Janet
    /// Alvarez, Principal", "Tom Becker (Engineering Manager)").
    static func personalName(_ name: String) -> String {
        let cut = name.prefix { $0 != "," && $0 != "(" }.trimmingCharacters(in: .whitespaces)
        return cut.isEmpty ? name : cut
    }

    /// What makes two sentences or fills the same: their letters and digits, in lower case.
    static func key(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// A name typed all in lower case ("jenna ortiz") with each word capitalized; a name with any
    /// capital is kept as typed ("Ana de la Cruz", "bell hooks" aside).
    static func nameAsName(_ name: String) -> String {
        guard !name.contains(where: \.isUppercase) else { return name }
        return name.split(separator: " ").map { word in
            word.split(separator: "-", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
        }.joined(separator: " ")
    }

    /// The name after "Dear": title and surname when the name starts with a title ("Ms. Ana
    /// Ruiz" → "Ms. Ruiz"), else the name as noted.
    static func salutationName(_ name: String) -> String {
        let words = name.split(separator: " ").map(String.init)
        let titles: Set<String> = ["mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "sir", "dame", "chef", "principal", "coach"]
        guard words.count >= 3 || (words.count == 2 && titles.contains(words[0].lowercased().trimmingCharacters(in: ["."]))),
            let title = words.first, titles.contains(title.lowercased().trimmingCharacters(in: ["."]))
        else { return name }
        let suffixes: Set<String> = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md"]
        var rest = words.dropFirst()
        while let last = rest.last, rest.count > 1, suffixes.contains(last.lowercased().trimmingCharacters(in: [","])) { rest = rest.dropLast() }
        guard let surname = rest.last else { return name }
        return "\(title) \(surname.trimmingCharacters(in: [","]))"
    }

    /// "a", "a and b", "a, b and c"; items holding commas are separated by semicolons.
    static func list(_ items: [String]) -> String {
        let separator = items.contains { $0.contains(",") } ? "; " : ", "
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: separator) + (separator == "; " ? "; and " : " and ") + items[items.count - 1]
        }
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
