public import Foundation

/// Why a change or a state could not be merged into an entity.
///
/// An entity's type and owner are fixed when it is created; a change that disagrees is not a
/// conflict to resolve but a different record claiming the same id, and is refused whole.
public enum MergeError: Error, Hashable, Sendable, CustomStringConvertible {
    case differentEntity(expected: UUID, got: UUID)
    case typeMismatch(entity: UUID, expected: EntityType, got: EntityType)
    case ownerMismatch(entity: UUID, expected: UUID, got: UUID)

    public var description: String {
        switch self {
        case let .differentEntity(expected, got):
            "a change for entity \(got.lowercased) cannot be merged into entity \(expected.lowercased)"
        case let .typeMismatch(entity, expected, got):
            "entity \(entity.lowercased) is \(expected.rawValue.withIndefiniteArticle), not \(got.rawValue.withIndefiniteArticle); its type is fixed when it is created"
        case let .ownerMismatch(entity, expected, got):
            "entity \(entity.lowercased) belongs to seeker \(expected.lowercased), not \(got.lowercased); its owner is fixed when it is created"
        }
    }
}
