public import Foundation

/// A person met at an interview: who the thank-you is addressed to and who the follow-up call is for.
public struct Interviewer: Hashable, Sendable, Identifiable {
    public enum Field {
        public static let name = "name"
        public static let title = "title"
        public static let email = "email"
        public static let phone = "phone"
        /// A postal address, several lines separated by newlines.
        public static let address = "address"
    }

    public let id: UUID
    public let owner: UUID
    public var name: String?
    public var title: String?
    public var email: String?
    public var phone: String?
    public var address: String?
    public var isDeleted: Bool

    public init?(_ state: EntityState) {
        guard state.type == .interviewer else { return nil }
        id = state.id
        owner = state.owner
        name = state.text(Field.name)
        title = state.text(Field.title)
        email = state.text(Field.email)
        phone = state.text(Field.phone)
        address = state.text(Field.address)
        isDeleted = state.isDeleted
    }

    /// The name to address them by, or a neutral salutation's subject when none was noted.
    public var displayName: String { name ?? "the interviewer" }
}
