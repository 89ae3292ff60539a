/// How the words of one note can stand in the thank-you: completing its kind's ``LetterFrame``,
/// as a sentence of their own, or not at all (then the draft lists them to mention).
///
/// The rules look only at how the note is written, never at what its words mean:
/// - a question or a quotation is someone else's words: to mention;
/// - a note that starts with the seeker as its subject ("I …", "We …") is a sentence of the
///   seeker's, used as it stands, capitalized and closed with a full stop;
/// - a note written for its frame (``DebriefNote/isFramed``) fills the blank, unless it is a whole
///   sentence of someone else's ("She said …", "Dr. Cho mentioned …") or a clause where the frame
///   needs a phrase (`she has a dog` after "hearing about"): to mention;
/// - any other note (a fragment jotted down, third person, an aside) is to mention.
///
/// So nothing is ever wedged into a sentence it was not written for, and what the seeker wrote
/// for the letter reads there as they wrote it.
public enum LetterWording: Hashable, Sendable {
    /// Completes the frame's blank: no closing punctuation, first letter as it reads mid-sentence.
    case fill(String)
    /// A whole sentence of the seeker's, capitalized and punctuated.
    case sentence(String)
    /// Neither: listed beside the draft, as written.
    case unplaced(String)

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
            self = .unplaced(text)
            return
        }
        let isOneSentence = !text.dropLast().contains(". ") && !text.dropLast().contains("! ")
        if text.hasSuffix("?") || text.first.map(Self.quotationMarks.contains) == true {
            self = .unplaced(text)
        } else if Self.opensWithSeeker(firstWord) {
            // The addition's frame ends "… add that": one sentence of the seeker's completes it.
            self = frame == .addition && isOneSentence ? .fill(Self.fill(text)) : .sentence(Self.sentence(text))
        } else if framed, let frame {
            let isWholeSentence = firstWord.first?.isUppercase == true && (text.hasSuffix(".") || text.hasSuffix("!")) && words.count >= 3
            let opensClause = Self.subjectPronouns.contains(Self.bare(firstWord).lowercased())
            if isWholeSentence && !Self.startsWithName(firstWord) || (opensClause && frame != .addition) {
                self = .unplaced(text)
            } else {
                self = .fill(Self.fill(text))
            }
        } else {
            self = .unplaced(text)
        }
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
