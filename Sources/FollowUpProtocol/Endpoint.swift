/// The paths of the protocol, written once for server routes and client requests alike.
public enum Endpoint {
    public static let info = "\(ProtocolVersion.pathPrefix)/info"
    public static let login = "\(ProtocolVersion.pathPrefix)/login"
    public static let logout = "\(ProtocolVersion.pathPrefix)/logout"
    public static let me = "\(ProtocolVersion.pathPrefix)/me"
    public static let devices = "\(ProtocolVersion.pathPrefix)/devices"
    public static let changes = "\(ProtocolVersion.pathPrefix)/changes"
    public static let digests = "\(ProtocolVersion.pathPrefix)/digests"
    public static let calendarFeed = "\(ProtocolVersion.pathPrefix)/calendar-feed"
    /// Followed by `/<token>.ics`: the feeds themselves, read without a login.
    public static let calendars = "/calendar"
    public static let adminAccounts = "\(ProtocolVersion.pathPrefix)/admin/accounts"
    public static let adminCounselors = "\(ProtocolVersion.pathPrefix)/admin/counselors"
    public static let health = "/healthz"
}
