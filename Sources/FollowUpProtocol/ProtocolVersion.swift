/// The version of the sync protocol this code speaks.
///
/// The version is the first segment of every path (`/v1/…`), so a server can serve two versions
/// side by side and a client learns at the first request whether the server speaks its language.
public enum ProtocolVersion {
    public static let current = 1
    public static let pathPrefix = "/v\(current)"
}
