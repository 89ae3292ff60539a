/// Why a compressed body could not be decoded, whatever its content coding.
public enum ContentDecodingError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a stream of the coding, or it ends early.
    case corrupt(coding: String)
    /// Decoding would produce more than the caller allows (a small body expanding into a huge one).
    case tooLarge(limit: Int)
    /// The decoder could not be set up (out of memory).
    case unavailable

    public var description: String {
        switch self {
        case let .corrupt(coding): "the body is not valid \(coding) data"
        case let .tooLarge(limit): "the decoded body is larger than the limit of \(limit) bytes"
        case .unavailable: "the body could not be decoded: out of memory"
        }
    }
}
