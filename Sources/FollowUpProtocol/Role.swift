/// What an account may do.
///
/// - `admin` manages accounts and caseloads, and reads no one's records.
/// - `counselor` reads and writes the records of the seekers assigned to them.
/// - `seeker` reads and writes their own records only.
public enum Role: String, Codable, CaseIterable, Hashable, Sendable {
    case admin, counselor, seeker
}
