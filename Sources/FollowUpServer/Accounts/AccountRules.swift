import FollowUpProtocol
import Foundation

/// What makes a username, password or device name acceptable.
enum AccountRules {
    /// 1 to 64 characters: lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    /// Usernames are case-insensitive: they are lowercased before any check or lookup.
    static func username(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let bytes = Array(name.utf8)
        let allowed = bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard (1...64).contains(bytes.count), allowed, let first = bytes.first, first != UInt8(ascii: "."), first != UInt8(ascii: "-"),
            first != UInt8(ascii: "_")
        else {
            throw APIError(
                .invalidRequest,
                detail: "a username is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                field: "username"
            )
        }
        return name
    }

    /// At least 8 characters; at most 72 bytes, the most bcrypt reads.
    static func password(_ password: String, field: String = "password") throws {
        guard password.count >= 8 else {
            throw APIError(.invalidRequest, detail: "a password needs at least 8 characters", field: field)
        }
        guard password.utf8.count <= 72 else {
            throw APIError(.invalidRequest, detail: "a password can be at most 72 bytes long", field: field)
        }
    }

    static func device(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count), !name.contains(where: \.isNewline) else {
            throw APIError(.invalidRequest, detail: "a device name is 1 to 100 characters on one line", field: "device")
        }
        return name
    }

    static func displayName(_ raw: String?, fallback: String) throws -> String {
        let name = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard name.count <= 100, !name.contains(where: \.isNewline) else {
            throw APIError(.invalidRequest, detail: "a display name is at most 100 characters on one line", field: "displayName")
        }
        return name.isEmpty ? fallback : name
    }
}
