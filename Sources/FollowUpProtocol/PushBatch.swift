public import FollowUpCore
public import Foundation

/// A push request as the server reads it: each change decoded on its own, so that one malformed
/// change is rejected alone instead of failing the whole batch.
///
/// A change whose `id` cannot be read cannot be answered on its own; that alone fails the request.
public struct PushBatch: Decodable, Sendable {
    public enum Entry: Sendable {
        case change(Change)
        case malformed(id: UUID, error: RecordFormatError)
    }

    public var entries: [Entry]

    private enum CodingKeys: String, CodingKey {
        case changes
    }

    public init(from decoder: any Decoder) throws {
        let root = try decoder.container(keyedBy: CodingKeys.self)
        let members = try decoder.container(keyedBy: AnyKey.self)
        for key in members.allKeys where key.stringValue != CodingKeys.changes.rawValue {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [key], debugDescription: "unknown member \"\(key.stringValue.prefix(64))\""))
        }
        var changes = try root.nestedUnkeyedContainer(forKey: .changes)
        var entries: [Entry] = []
        entries.reserveCapacity(changes.count ?? 0)
        while !changes.isAtEnd {
            let index = changes.currentIndex
            do {
                entries.append(.change(try changes.decode(Change.self)))
            } catch let error as DecodingError {
                guard changes.currentIndex == index, let raw = try? changes.decode(FieldValue.self),
                    case let .object(members) = raw, let idText = members["id"]?.stringValue, let id = UUID(uuidString: idText)
                else { throw error }
                let located = RecordFormatError(error)
                let prefix = "changes[\(index)]"
                var relative = located.path.hasPrefix(prefix) ? String(located.path.dropFirst(prefix.count)) : located.path
                if relative.hasPrefix(".") { relative.removeFirst() }
                entries.append(.malformed(id: id, error: RecordFormatError(path: relative, reason: located.reason)))
            }
        }
        self.entries = entries
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
