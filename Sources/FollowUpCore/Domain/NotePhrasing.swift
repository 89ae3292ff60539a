import Foundation

/// How a debrief note is written, so that a thank-you can quote it in a sentence that reads as a
/// person wrote it, whether the seeker typed a fragment ("cut shipping errors by 30% at Contoso")
/// or a sentence ("I cut shipping errors by 30% at Contoso.").
///
/// The rules are small and English-only, chosen from the way notes are written right after an
/// interview: a note that starts with a past-tense verb is something the seeker did; one that
/// starts with a plain verb is something they could do; one that starts with a pronoun or a
/// reporting phrase is a sentence; a question is quoted; anything else is a noun phrase.
public enum NotePhrasing: Hashable, Sendable {
    /// "my three years running the dispatch desk": reads after "about".
    case thing(String)
    /// "cut shipping errors by 30%": something the seeker did; reads after "I".
    case pastAction(String)
    /// "modernize their routing": something the seeker could do; reads after "help".
    case action(String)
    /// "I cut shipping errors by 30%", "the team is moving to Snowflake": a clause with its own
    /// subject, without its closing full stop.
    case clause(String)
    /// "Why did you leave Contoso?": quoted as asked.
    case question(String)

    public init(_ note: String) {
        let text = ThankYouComposer.phrase(note)
        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasSuffix("?") {
            self = .question(trimmed)
            return
        }
        let words = text.split(separator: " ").map { $0.lowercased() }
        guard let first = words.first else {
            self = .thing(text)
            return
        }
        let second = words.count > 1 ? words[1] : ""
        let third = words.count > 2 ? words[2] : ""
        if Self.pronouns.contains(first) {
            self = .clause(Self.capitalizingI(text))
        } else if Self.determiners.contains(first) {
            // "the team is moving …", "my team shipped …", "this is …" are clauses; "the routing
            // spreadsheet that cut …" is not.
            // A past form right after the determiner is an adjective: "the detailed plan".
            let isClause = Self.linkingVerbs.contains(second) || Self.linkingVerbs.contains(third) || Self.isPastVerb(third)
            self = isClause ? .clause(text) : .thing(text)
        } else if Self.linkingVerbs.contains(second) && !Self.isVerb(first) {
            self = .clause(text)  // "Sarah said …", "Contoso is …"
        } else if Self.isPastVerb(first) {
            self = .pastAction(text)
        } else if Self.plainVerbs.contains(first) {
            self = .action(text)
        } else {
            self = .thing(text)
        }
    }

    /// The note as something the seeker could do, for a contribution: "modernize their routing";
    /// `nil` unless it starts with a verb ("cut", "set" and the like read either way).
    public var asPlannedAction: String? {
        switch self {
        case let .action(text): return text
        case let .pastAction(text):
            let first = text.prefix { $0 != " " }.lowercased()
            return Self.plainVerbs.contains(first) ? text : nil
        case .thing, .clause, .question: return nil
        }
    }

    /// The note as a clause whose subject is the seeker, or with its own subject: "I cut …",
    /// "the team is moving …"; `nil` for a noun phrase or a question.
    public var asClause: String? {
        switch self {
        case let .pastAction(text): "I " + Self.lowercasingFirst(text)
        case let .clause(text): Self.lowercasingFirst(text)
        case .thing, .action, .question: nil
        }
    }

    /// The note as it was written (without its closing full stop).
    public var text: String {
        switch self {
        case let .thing(text), let .pastAction(text), let .action(text), let .clause(text), let .question(text): text
        }
    }

    /// A clause's first letter in lower case, unless it starts with "I" or a name-like word
    /// (a capital inside the word, or an acronym).
    static func lowercasingFirst(_ text: String) -> String {
        let firstWord = text.prefix { $0 != " " }
        if firstWord == "I" || firstWord.hasPrefix("I'") { return text }
        if firstWord.dropFirst().contains(where: \.isUppercase) { return text }
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    private static func capitalizingI(_ text: String) -> String {
        if text.hasPrefix("i ") { return "I " + text.dropFirst(2) }
        return text
    }

    private static func isPastVerb(_ word: String) -> Bool {
        irregularPast.contains(word) || (word.hasSuffix("ed") && word.count > 3 && !notVerbs.contains(word))
    }

    private static func isVerb(_ word: String) -> Bool {
        isPastVerb(word) || plainVerbs.contains(word)
    }

    /// Words that open a clause with its own subject.
    private static let pronouns: Set<String> = [
        "i", "i'm", "i've", "i'd", "we", "we're", "we've", "you", "you're", "he", "she", "they", "they're", "it", "it's", "there",
    ]
    /// Words that open a noun phrase, which is a clause only when a verb follows it closely.
    private static let determiners: Set<String> = ["the", "my", "our", "their", "his", "her", "its", "this", "that", "a", "an", "your"]
    private static let linkingVerbs: Set<String> = [
        "is", "are", "was", "were", "will", "has", "have", "had", "said", "says", "mentioned", "told", "wants", "needs", "plans", "expects",
    ]
    private static let irregularPast: Set<String> = [
        "built", "brought", "bought", "caught", "cut", "drove", "drew", "found", "gave", "got", "grew", "held", "kept", "led", "left",
        "made", "met", "ran", "rebuilt", "rewrote", "sold", "sent", "set", "shipped", "spent", "spoke", "taught", "took", "told",
        "won", "wrote", "oversaw", "overhauled", "began", "became", "brought",
    ]
    /// Words ending in "ed" that are not verbs in a note.
    private static let notVerbs: Set<String> = ["need", "speed", "seed", "feed", "bed", "shed", "red", "bred", "weed"]
    private static let plainVerbs: Set<String> = [
        "automate", "bring", "build", "cut", "design", "grow", "help", "improve", "launch", "lead", "manage", "modernize", "move",
        "organize", "plan", "raise", "reduce", "run", "set", "ship", "simplify", "speed", "streamline", "support", "take", "teach",
        "train", "turn", "write", "expand", "fix", "open", "shorten", "standardize", "start",
    ]
}
