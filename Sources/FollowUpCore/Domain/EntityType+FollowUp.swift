extension EntityType {
    /// A job interview: company, position, when, where, with whom, and how it went.
    public static let interview = EntityType(known: "interview")
    /// A person met at an interview; an interview's `interviewers` set holds their ids.
    public static let interviewer = EntityType(known: "interviewer")
    /// One debrief note written after an interview; each its own entity so notes from two devices both survive.
    public static let note = EntityType(known: "note")
    /// One thing to do after an interview: a thank-you, a phone call, a status check.
    public static let followUp = EntityType(known: "follow-up")
    /// A thank-you the seeker owns: composed once from the notes, then edited and sent (per
    /// interview and recipient).
    public static let letter = EntityType(known: "letter")
}
