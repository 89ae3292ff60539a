/// An email address as FollowUp accepts it: one `local@domain` with nothing a mail header could
/// be split on.
///
/// Addresses end up in `From:` and `To:` of the `.eml` drafts and in `mailto:` links, where a line
/// break would start a header of the writer's choosing (`Bcc:`). So every address is checked where
/// it enters (the CLI, the web page, and the server for pushed interviewer records) and again where
/// it is written out. The check is deliberately narrower than RFC 5322's `addr-spec` (no quoted
/// local parts, no comments, no address literals): what people type for an interviewer, including
/// internationalized addresses (RFC 6531), passes.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address, trimmed of surrounding spaces.
    public let text: String

    /// The longest address SMTP carries (RFC 5321 §4.5.3.1.3, as corrected by erratum 1690).
    public static let maximumLength = 254

    /// Checks `candidate`; `nil` when it is not a usable address (see ``problem(with:)`` for why).
    public init?(_ candidate: String) {
        guard Self.problem(with: candidate) == nil else { return nil }
        text = candidate.trimmingSpaces
    }

    public var description: String { text }

    /// Why `candidate` is not an address FollowUp accepts, in words for the person who typed it;
    /// `nil` when it is one.
    public static func problem(with candidate: String) -> String? {
        let text = candidate.trimmingSpaces
        if text.isEmpty { return "an email address cannot be empty" }
        if text.utf8.count > maximumLength { return "an email address has at most \(maximumLength) characters" }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value) || scalar == "\u{2028}"
                || scalar == "\u{2029}"
            {
                return "an email address cannot contain a line break or control character"
            }
            if scalar.properties.isWhitespace { return "an email address cannot contain spaces" }
            if "<>()[]\\,;:\"".unicodeScalars.contains(scalar) {
                return "an email address cannot contain \(Character(scalar)); give only the address, like name@example.org"
            }
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "an email address has exactly one @, like name@example.org" }
        let local = parts[0]
        let domain = parts[1]
        if local.isEmpty || local.utf8.count > 64 { return "the part before @ must have 1 to 64 characters" }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") { return "the part before @ cannot start, end or double a dot" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 || labels.contains(where: { $0.isEmpty || $0.utf8.count > 63 || $0.hasPrefix("-") || $0.hasSuffix("-") }) {
            return "the part after @ must be a domain like example.org"
        }
        return nil
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
