public import Foundation

/// One note taken right after an interview.
///
/// Each kind answers one of the questions a seeker should ask themselves while the conversation is
/// still fresh, and the thank-you draft uses them: strong points are emphasized, weak answers are
/// added to (with ``addition``), and a remark gives the letter something personal to refer to.
public struct DebriefNote: Hashable, Sendable, Identifiable {
    public enum Field {
        public static let interview = "interview"
        public static let kind = "kind"
        public static let text = "text"
        /// For a weak answer or a concern: what to add, to say in the thank-you.
        public static let addition = "addition"
        /// Who said it or to whom it relates, an ``Interviewer`` id.
        public static let interviewer = "interviewer"
        /// `true` when the text (or, for a weak answer or a concern, the addition) was written for
        /// the letter — to complete the kind's sentence (``LetterFrame``) or as a sentence of the
        /// seeker's — as the guided debrief and the web form ask. Only such notes reach a letter.
        public static let framed = "framed"
        /// `true` or `false`: the seeker's own word on whether the note reaches the letter, over
        /// its kind's default (a concern stays out unless `true`; `false` keeps anything out).
        public static let inLetter = "inLetter"
    }

    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        /// How the employer sees me fitting their staff.
        case fit
        /// An objection or concern they may have.
        case concern
        /// How I could contribute.
        case contribution
        /// A strong point I made, to emphasize.
        case strongPoint = "strong-point"
        /// An answer that was weak, to add to.
        case weakAnswer = "weak-answer"
        /// Something the interviewer said, or something seen, that was interesting.
        case remark
        case other
        /// A counselor's comment for the seeker: seen by both, never in a letter.
        case comment

        /// The question the note answers, for guided prompts.
        public var prompt: String {
            switch self {
            case .fit: "How does the employer see you fitting into their staff?"
            case .concern: "What concerns or objections may they have about you?"
            case .contribution: "How could you contribute?"
            case .strongPoint: "Which strong points did you make?"
            case .weakAnswer: "Which answers were weak?"
            case .remark: "What did the interviewer say, or what did you see, that was particularly interesting?"
            case .other: "Anything else worth remembering?"
            case .comment: "A comment for the seeker (advice, a reminder): it never reaches a letter."
            }
        }

        /// The kinds a seeker's guided debrief asks about, in order (a comment is a counselor's).
        public static let debrief: [Kind] = [.fit, .concern, .contribution, .strongPoint, .weakAnswer, .remark, .other]

        /// A short label for listings.
        public var label: String {
            switch self {
            case .fit: "fit"
            case .concern: "concern"
            case .contribution: "contribution"
            case .strongPoint: "strong point"
            case .weakAnswer: "weak answer"
            case .remark: "remark"
            case .other: "other"
            case .comment: "comment"
            }
        }
    }

    public let id: UUID
    public let owner: UUID
    public var interviewID: UUID?
    public var kind: Kind?
    public var text: String?
    public var addition: String?
    public var interviewerID: UUID?
    /// Whether the text (or addition) was written for its kind's sentence in the letter.
    public var isFramed: Bool
    /// The seeker's word on the letter, when given (see ``Field/inLetter``).
    public var inLetter: Bool?
    /// The replica that wrote the note's text: whose note it is, and from which device.
    public var writtenBy: ReplicaID?
    /// When the note was made (its first write), the same on every device: notes are used in
    /// this order.
    public var madeAt: Timestamp?
    public var isDeleted: Bool

    public init?(_ state: EntityState) {
        guard state.type == .note else { return nil }
        id = state.id
        owner = state.owner
        interviewID = state.uuid(Field.interview)
        kind = state.enumeration(Field.kind)
        text = state.text(Field.text)
        addition = state.text(Field.addition)
        interviewerID = state.uuid(Field.interviewer)
        isFramed = state.value(Field.framed) == .bool(true)
        inLetter = state.value(Field.inLetter)?.boolValue
        writtenBy = (state.registers[Field.text] ?? state.registers[Field.kind])?.current.at.replica
        madeAt = state.registers[Field.interview]?.writes.map(\.at).min()
        isDeleted = state.isDeleted
    }
}
