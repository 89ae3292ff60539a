/// The sentence of the thank-you that a kind of note completes, with its blank.
///
/// The letter is written from frames, not by guessing the grammar of whatever a note says: the
/// guided debrief and the web form show each frame and a preview, so the seeker writes exactly
/// what fits the blank ("I was glad to have the chance to tell you about ___."). A note written
/// that way completes its frame; a note written as a whole sentence of the seeker's is used as it
/// stands; anything else is listed beside the draft to mention, never wedged into a sentence.
public struct LetterFrame: Hashable, Sendable {
    /// The words before the blank.
    public let lead: String
    /// What the blank asks for, in a few words, for the form's hint.
    public let hint: String
    /// An example of a good fill.
    public let example: String
    /// The most words a fill may have: the end of one sentence, not a paragraph.
    public let maximumWords: Int

    /// The sentence with `fill` in the blank.
    public func sentence(_ fill: String) -> String {
        "\(lead) \(fill)."
    }

    /// The sentence as the form shows it before anything is written.
    public var template: String { "\(lead) …" }

    /// The kind's frame: for a weak answer or a concern, the frame of its addition; `nil` for the
    /// kinds that never reach the letter.
    public static func of(_ kind: DebriefNote.Kind) -> LetterFrame? {
        switch kind {
        case .strongPoint: strongPoint
        case .contribution: contribution
        case .weakAnswer, .concern: addition
        case .remark: remark
        case .fit, .other, .comment: nil
        }
    }

    public static let strongPoint = LetterFrame(
        lead: "I was glad to have the chance to tell you about",
        hint: "what you told them about",
        example: "how I cut patient wait times by 20% at Mercy Clinic",
        maximumWords: 20
    )
    public static let contribution = LetterFrame(
        lead: "I am confident I could",
        hint: "what you could do for them",
        example: "train faculty on the new grants system",
        maximumWords: 20
    )
    public static let addition = LetterFrame(
        lead: "I would also like to add that",
        hint: "what you would add, as a sentence's ending",
        example: "I have since completed Epic's online course for schedulers",
        maximumWords: 30
    )
    public static let remark = LetterFrame(
        lead: "I especially enjoyed hearing about",
        hint: "what they told you about",
        example: "the grants office's move to a new system this fall",
        maximumWords: 16
    )
}
