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
            }
        }

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
        isDeleted = state.isDeleted
    }
}
