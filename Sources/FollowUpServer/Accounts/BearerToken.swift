import Crypto
import Foundation

/// Login tokens: 32 random bytes for the client, their SHA-256 for the database.
///
/// Only the hash is stored, so a copy of the database (a backup, say) holds no usable token.
/// A fast hash is right here (unlike for passwords): the token has 256 bits of entropy.
enum BearerToken {
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "fu_"
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
