/// A change or record that cannot be accepted as written, with the member that is wrong.
///
/// `path` locates the member the way a person would write it (`changes[3].set.company`), so the
/// message is enough to find and fix the mistake without reading our code.
public struct RecordFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is; empty when it concerns the whole document.
    public var path: String
    /// What is wrong and, where possible, what is expected instead.
    public var reason: String
    /// The bytes are not JSON at all (a syntax error or invalid UTF-8), as opposed to JSON of the wrong shape.
    public var isMalformedJSON: Bool

    public init(path: String, reason: String, isMalformedJSON: Bool = false) {
        self.path = path
        self.reason = reason
        self.isMalformedJSON = isMalformedJSON
    }

    /// The same error located inside an enclosing member, e.g. `changes`: `changes.set.company`,
    /// `changes[3]`. A syntax error concerns the whole document and stays where it is.
    public func nested(under key: String) -> RecordFormatError {
        guard !key.isEmpty, !isMalformedJSON else { return self }
        let located = path.isEmpty ? key : (path.hasPrefix("[") ? key + path : "\(key).\(path)")
        return RecordFormatError(path: located, reason: reason, isMalformedJSON: isMalformedJSON)
    }

    /// The same error located inside the element `index` of an enclosing array.
    public func nested(underIndex index: Int) -> RecordFormatError {
        guard !isMalformedJSON else { return self }
        let located = path.isEmpty ? "[\(index)]" : (path.hasPrefix("[") ? "[\(index)]\(path)" : "[\(index)].\(path)")
        return RecordFormatError(path: located, reason: reason, isMalformedJSON: isMalformedJSON)
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

extension RecordFormatError {
    /// Translates Foundation's decoding errors into a located, readable error.
    public init(_ error: DecodingError) {
        switch error {
        case let .typeMismatch(type, context):
            self.init(path: Self.path(context.codingPath), reason: "expected \(Self.describe(type))")
        case let .valueNotFound(type, context):
            self.init(path: Self.path(context.codingPath), reason: "expected \(Self.describe(type)), found null")
        case let .keyNotFound(key, context):
            self.init(path: Self.path(context.codingPath + [key]), reason: "is required but missing")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                self.init(path: "", reason: "the document is not valid JSON (\(Self.underlying(context)))", isMalformedJSON: true)
            } else {
                self.init(path: Self.path(context.codingPath), reason: context.debugDescription)
            }
        @unknown default:
            self.init(path: "", reason: "the document could not be read")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type: "a whole number"
        case is FieldValue.Type: "a JSON value"
        default:
            switch String(describing: type) {
            case let name where name.hasPrefix("Array"): "an array"
            case let name where name.hasPrefix("Dictionary"): "an object"
            case let name: "a \(name)"
            }
        }
    }

    private static func underlying(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError {
            return String(describing: underlying).prefix(200).description
        }
        return context.debugDescription
    }
}
