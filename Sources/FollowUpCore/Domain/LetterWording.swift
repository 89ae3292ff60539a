/// How the words of one note can stand in the thank-you: completing its kind's ``LetterFrame``,
/// as a sentence of their own, or not at all (then the draft lists them to mention, with why).
///
/// The rules look only at how the note is written, never at what its words mean:
/// - a question or a quotation is someone else's words: to mention;
/// - a note that starts with the seeker as its subject ("I …", "We …") is a sentence of the
///   seeker's, used as it stands (capitalized, closed with a full stop) where the letter speaks
///   for the seeker — strong points, contributions, additions — if it is at most two sentences of
///   at most ``maximumSentenceWords`` words; a remark is what the interviewer said, never the
///   seeker's reflection, so only its frame places it;
/// - a note written for its frame (``DebriefNote/isFramed``) fills the blank if it reads as the end
///   of one sentence: one sentence, no longer than the frame takes (``LetterFrame/maximumWords``),
///   no quotation, no dash or colon joining thoughts, not a clause where the frame needs a phrase
///   (`she has a dog` after "hearing about"), not a whole sentence of someone else's;
/// - any other note (a fragment jotted down, third person, an aside) is to mention.
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

        public var description: String {
            switch self {
            case .question: "a question"
            case .quotation: "a quotation"
            case .notWrittenForTheLetter: "not written as the end of its sentence"
            case .someoneElsesSentence: "a whole sentence, not the end of the letter's"
            case .clause: "a sentence about someone, where the letter's sentence needs what it was about"
            case let .tooLong(words): "longer than its sentence takes, at most \(words) words"
            case .severalSentences: "several sentences"
            case .joinedThoughts: "thoughts joined by a dash or a colon"
            }
        }
    }

    /// The most words a sentence of the seeker's may have to be used as it stands.
    public static let maximumSentenceWords = 40

    public init(_ note: String, framed: Bool, frame: LetterFrame?) {
        var text = Self.collapsingSpaces(note)
        var words = text.split(separator: " ")
        // A fill that repeats the frame's last word ("could train …" after "I am confident I
        // could", "about my …" after "tell you about") means it once.
        if framed, let last = frame?.lead.split(separator: " ").last, words.count > 1, words[0].lowercased() == last.lowercased() {
            words.removeFirst()
            text = words.joined(separator: " ")
        }
        guard let firstWord = words.first.map(String.init) else {
            self = .unplaced(text, .notWrittenForTheLetter)
            return
        }
        let sentences = Self.sentenceCount(text)
        if text.contains("?") {
            self = .unplaced(text, .question)
        } else if text.first.map(Self.quotationMarks.contains) == true {
            self = .unplaced(text, .quotation)
        } else if Self.opensWithSeeker(firstWord), frame != .remark {
            if sentences > 2 {
                self = .unplaced(text, .severalSentences)
            } else if words.count > Self.maximumSentenceWords {
                self = .unplaced(text, .tooLong(maximumWords: Self.maximumSentenceWords))
            } else if frame == .addition && sentences == 1 && words.count <= LetterFrame.addition.maximumWords {
                // The addition's frame ends "… add that": one sentence of the seeker's completes it.
                self = .fill(Self.fill(text))
            } else {
                self = .sentence(Self.sentence(text))
            }
        } else if framed, let frame {
            let isWholeSentence = firstWord.first?.isUppercase == true && (text.hasSuffix(".") || text.hasSuffix("!")) && words.count >= 3
            let opensClause = Self.subjectPronouns.contains(Self.bare(firstWord).lowercased())
            if sentences > 1 {
                self = .unplaced(text, .severalSentences)
            } else if words.count > frame.maximumWords {
                self = .unplaced(text, .tooLong(maximumWords: frame.maximumWords))
            } else if Self.innerQuotationMarks.contains(where: text.contains) {
                self = .unplaced(text, .quotation)
            } else if text.contains(" - ") || text.contains(" \u{2013} ") || text.contains(" \u{2014} ") || text.contains(":") || text.contains(";") {
                self = .unplaced(text, .joinedThoughts)
            } else if opensClause && frame != .addition {
                self = .unplaced(text, .clause)
            } else if isWholeSentence && !Self.startsWithName(firstWord) {
                self = .unplaced(text, .someoneElsesSentence)
            } else {
                self = .fill(Self.fill(text))
            }
        } else {
            self = .unplaced(text, .notWrittenForTheLetter)
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
