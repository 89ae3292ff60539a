import Foundation

/// How the words of one note can stand in the thank-you: completing its kind's ``LetterFrame``,
/// as a sentence of their own, or not at all (then the draft lists them to mention, with why).
///
/// Only what the seeker wrote **for the letter** goes in it (``DebriefNote/isFramed``: the guided
/// debrief and the web form show each kind's sentence and a preview; an addition is always written
/// for it). A note jotted for oneself stays out, even one that reads as a sentence: it may be a
/// private worry ("I hope I didn't talk too much"). The rules then look only at how the words are
/// written, never at what they mean:
/// - a question or a quotation is someone else's words;
/// - a sentence of the seeker's ("I …", "We …") stands as it is, for a strong point, a
///   contribution or an addition: at most two sentences of at most ``maximumSentenceWords`` words;
///   a remark is what the interviewer said, never the seeker's reflection;
/// - anything else fills the frame's blank if it reads as the end of one sentence: one sentence,
///   no longer than the frame takes (``LetterFrame/maximumWords``), no quotation, no dash, colon
///   or comma-and-new-subject joining thoughts, not a clause where the frame needs a phrase
///   ("she has a dog" after "hearing about"), not a whole sentence of someone else's;
/// - in both, nothing that speaks of the reader in the third person ("I could help them …": the
///   letter is written to them), and for a remark, nothing that says who said it ("Carlos said …").
///
/// So nothing is ever wedged into a sentence it was not written for, and what the seeker wrote
/// for the letter reads there as they wrote it.
public enum LetterWording: Hashable, Sendable {
    /// Completes the frame's blank: no closing punctuation, first letter as it reads mid-sentence.
    case fill(String)
    /// A whole sentence of the seeker's, capitalized and punctuated.
    case sentence(String)
    /// Neither: listed beside the draft, as written, with why.
    case unplaced(String, Reason)

    /// Why a note is not in the letter, in words for the seeker.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        case question
        case quotation
        case notWrittenForTheLetter
        case someoneElsesSentence
        case clause
        case tooLong(maximumWords: Int)
        case severalSentences
        case joinedThoughts
        case thirdPerson
        case reportedSpeech
        case oneRemarkIsEnough
        case noSubject
        case namesTheReader

        public var description: String {
            switch self {
            case .question: "a question"
            case .quotation: "a quotation"
            case .notWrittenForTheLetter: "not written for the letter"
            case .someoneElsesSentence: "a whole sentence, not the end of the letter's"
            case .clause: "a sentence of its own, where the letter's sentence needs what it was about"
            case let .tooLong(words): "longer than its sentence takes, at most \(words) words"
            case .severalSentences: "several sentences"
            case .joinedThoughts: "thoughts joined by a dash, a colon, a semicolon or a comma"
            case .namesTheReader: "speaks of the reader by name or title, in a letter to them"
            case .thirdPerson: "speaks of the reader as he, she or they, in a letter to them"
            case .reportedSpeech: "says who said it; the letter needs what it was about"
            case .oneRemarkIsEnough: "the letter already refers to one remark"
            case .noSubject: "not the end of “I would also like to add that …”: write it as a sentence, such as “I have booked …”"
            }
        }
    }

    /// The most words a sentence of the seeker's may have to be used as it stands.
    public static let maximumSentenceWords = 40

    public init(_ note: String, framed: Bool, frame: LetterFrame?) {
        var text = Self.collapsingSpaces(note)
        var words = text.split(separator: " ")
        // A fill that repeats the frame's last words ("could train …" after "I am confident I
        // could", "I'd add that …" or the whole lead after "I would also like to add that") means
        // them once.
        if framed, let frame {
            let lead = frame.lead.lowercased().split(separator: " ").map(String.init)
            let typed = words.map { $0.lowercased().replacingOccurrences(of: "\u{2019}", with: "'") }
            if typed.count > lead.count, Array(typed.prefix(lead.count)) == lead {
                words.removeFirst(lead.count)
            } else if frame == .addition, let that = typed.prefix(6).firstIndex(of: "that"), that > 0, typed[that - 1] == "add",
                that + 1 < words.count
            {
                words.removeFirst(that + 1)
            } else if let last = lead.last, words.count > 1, typed[0] == last {
                words.removeFirst()
            }
            text = words.joined(separator: " ")
        }
        guard let firstWord = words.first.map(String.init) else {
            self = .unplaced(text, .notWrittenForTheLetter)
            return
        }
        let sentences = Self.sentenceCount(text)
        let lowerWords = words.map { Self.bare(String($0)).lowercased() }
        if text.contains("?") {
            self = .unplaced(text, .question)
        } else if text.first.map(Self.quotationMarks.contains) == true {
            self = .unplaced(text, .quotation)
        } else if !framed {
            // Only what was written for the letter goes in it: a note jotted for oneself may be a
            // private worry even when it reads as a sentence ("I hope I didn't talk too much").
            self = .unplaced(text, .notWrittenForTheLetter)
        } else if let frame {
            let isWholeSentence = firstWord.first?.isUppercase == true && (text.hasSuffix(".") || text.hasSuffix("!")) && words.count >= 3
            let opensClause = Self.subjectPronouns.contains(lowerWords[0])
            let seekers = Self.opensWithSeeker(firstWord)
            let limit = seekers && frame != .addition ? Self.maximumSentenceWords : frame.maximumWords
            if seekers && frame == .remark {
                // A remark is what the interviewer said, never the seeker's reflection.
                self = .unplaced(text, .clause)
            } else if sentences > (seekers ? 2 : 1) {
                self = .unplaced(text, .severalSentences)
            } else if words.count > limit {
                self = .unplaced(text, .tooLong(maximumWords: limit))
            } else if Self.innerQuotationMarks.contains(where: text.contains) {
                self = .unplaced(text, .quotation)
            } else if Self.joinsThoughts(text) {
                self = .unplaced(text, .joinedThoughts)
            } else if lowerWords.contains(where: Self.thirdPersonPronouns.contains) {
                // "I could help them …", "he said they're at 34%": the letter is to them.
                self = .unplaced(text, .thirdPerson)
            } else if frame == .remark, lowerWords.dropFirst().contains(where: Self.reportingVerbs.contains) {
                self = .unplaced(text, .reportedSpeech)
            } else if seekers {
                // The addition's frame ends "… add that": one sentence of the seeker's completes it.
                self = frame == .addition && sentences == 1 ? .fill(Self.fill(text)) : .sentence(Self.sentence(text))
            } else if opensClause && frame != .addition {
                self = .unplaced(text, .clause)
            } else if isWholeSentence && frame != .contribution && !Self.startsWithName(firstWord)
                && !Self.questionWords.contains(lowerWords[0])
            {
                // ("Start a storytime." is how a verb phrase is typed; "How I grew …" is a phrase.)
                self = .unplaced(text, .someoneElsesSentence)
            } else if frame == .addition, !(Self.clauseOpeners.contains(lowerWords[0]) || Self.startsWithName(firstWord)) {
                // "… add that" needs a clause with its subject: "booked the course" or "how I
                // brought food cost down" does not read after it.
                self = .unplaced(text, .noSubject)
            } else {
                self = .fill(Self.fill(text))
            }
        } else {
            self = .unplaced(text, .notWrittenForTheLetter)
        }
    }

    /// Whether a text joins two thoughts: a dash, colon or semicolon between them, or a comma
    /// followed by a new subject (", he said …", ", I did that …", ", their accuracy is …").
    static func joinsThoughts(_ text: String) -> Bool {
        if text.contains(" - ") || text.contains(" \u{2013} ") || text.contains(" \u{2014} ") || text.contains(":") || text.contains(";") {
            return true
        }
        let parts = text.lowercased().components(separatedBy: ", ").dropFirst()
        return parts.contains { part in
            let word = part.prefix { $0 != " " }
            let next = bare(String(word))
            // ", he said …", ", their accuracy …", ", 180 covers on Sundays": a second thought.
            return subjectPronouns.contains(next) || possessives.contains(next) || word.first?.isNumber == true
        }
    }

    /// How many sentences a text holds: full stops, exclamation and question marks followed by a
    /// space, plus the last one. A full stop after a word of at most three letters is taken for an
    /// abbreviation ("Dr.", "Ms.", "St."), not a sentence's end.
    static func sentenceCount(_ text: String) -> Int {
        var count = 1
        let words = text.split(separator: " ")
        for word in words.dropLast() {
            guard let last = word.last, ".!?".contains(last) else { continue }
            if last == ".", word.dropLast().count <= 3, word.dropLast().allSatisfy(\.isLetter) { continue }
            count += 1
        }
        return count
    }

    /// The sentence this wording makes in `frame`, or `nil` when it is not placed.
    public func sentence(in frame: LetterFrame) -> String? {
        switch self {
        case let .fill(text): frame.sentence(text)
        case let .sentence(text): text
        case .unplaced: nil
        }
    }

    // MARK: The rules' parts

    /// The first-person subjects a sentence of the seeker's opens with (a closed class of English).
    /// Not "my" or "our": "my three years at the desk" is as likely a fragment as a sentence.
    static let seekerOpenings: Set<String> = ["i", "i'm", "i've", "i'd", "i'll", "we", "we're", "we've", "we'd", "we'll"]
    /// Marks that open a quotation: someone else's words, never the seeker's sentence.
    static let quotationMarks: Set<Character> = ["\"", "\u{201C}", "\u{2018}", "'", "\u{00AB}"]
    /// Marks that quote inside a text (an apostrophe is not one: "the team's move").
    static let innerQuotationMarks: [Character] = ["\"", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}"]
    /// Words that open a phrase ("how I grew the program"), not a sentence of its own.
    static let questionWords: Set<String> = ["how", "what", "why", "when", "where", "which"]
    /// Pronouns for the people the letter is written to: a letter to them says "you".
    static let thirdPersonPronouns: Set<String> = [
        "he", "she", "they", "him", "her", "them", "his", "their", "theirs", "hers", "he's", "she's", "they're", "they've",
    ]
    /// Possessives that open a new clause after a comma.
    static let possessives: Set<String> = ["my", "our", "their", "his", "her", "its", "your"]
    /// Verbs that report speech: a remark's words for the letter say what it was about, not who said it.
    static let reportingVerbs: Set<String> = ["said", "says", "mentioned", "told", "explained", "noted", "asked", "thinks", "thought"]
    /// Words a clause can open with, its subject or the start of it (closed classes of English:
    /// pronouns and determiners), which the addition's "… add that" needs.
    static let clauseOpeners: Set<String> = [
        "i", "we", "you", "it", "there", "my", "our", "the", "a", "an", "this", "that", "these", "those", "each", "every", "all",
        "both", "most", "some", "any", "no", "one", "your", "its",
    ]
    /// Subject pronouns: a text opening with one is a clause, which only the addition's frame takes.
    static let subjectPronouns: Set<String> = ["i", "you", "he", "she", "it", "we", "they", "there", "it's", "they're", "she's", "he's"]

    static func opensWithSeeker(_ word: String) -> Bool {
        seekerOpenings.contains(String(bare(word).lowercased().map { $0 == "\u{2019}" ? "'" : $0 }))
    }

    /// A word without the punctuation around it.
    static func bare(_ word: String) -> String {
        String(word.drop { !$0.isLetter }.reversed().drop { !$0.isLetter && $0 != "'" && $0 != "\u{2019}" }.reversed())
    }

    /// Whether a capitalized first word reads as a name rather than a sentence's first word: a
    /// capital inside it ("McKinsey", "iPhone") or all capitals ("SQL", "EHR").
    static func startsWithName(_ word: String) -> Bool {
        let letters = bare(word)
        return letters.dropFirst().contains(where: \.isUppercase) || (letters.count > 1 && letters.allSatisfy(\.isUppercase))
    }

    /// A text as a sentence: "i" as "I", first letter capital, closed with a full stop unless it
    /// ends with one, an exclamation mark or a closing quote after one.
    static func sentence(_ text: String) -> String {
        var words = text.split(separator: " ").map(String.init)
        for index in words.indices {
            let lower = words[index].lowercased()
            if lower == "i" || lower.hasPrefix("i'") || lower.hasPrefix("i\u{2019}") {
                words[index] = "I" + words[index].dropFirst()
            }
        }
        var sentence = words.joined(separator: " ")
        if let first = sentence.first, first.isLowercase { sentence = first.uppercased() + sentence.dropFirst() }
        while let last = sentence.last, ",;:".contains(last) { sentence.removeLast() }
        let closed = [".", "!", ".\"", "!\"", ".\u{201D}", "!\u{201D}", ".)"].contains { sentence.hasSuffix($0) }
        return closed ? sentence : sentence + "."
    }

    /// A text as the end of a sentence: no closing punctuation, the first letter lowered when it
    /// is only the capital of a typed line ("Help with the opening" → "help with the opening"),
    /// kept for a name ("SQL", "McKinsey") and for "I".
    static func fill(_ text: String) -> String {
        var fill = text
        while let last = fill.last, ".!;:,".contains(last) { fill.removeLast() }
        let firstWord = String(fill.prefix { $0 != " " })
        if Self.opensWithSeeker(firstWord) && bare(firstWord).lowercased().hasPrefix("i") {
            return "I" + fill.dropFirst()
        }
        if let first = fill.first, first.isUppercase, !startsWithName(firstWord) {
            fill = first.lowercased() + fill.dropFirst()
        }
        return fill
    }

    static func collapsingSpaces(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
