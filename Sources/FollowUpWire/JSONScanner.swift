public import FollowUpCore
public import Foundation

/// A strict JSON reader for FollowUp's own documents, reading straight into core values.
///
/// Foundation's `JSONDecoder` builds a tree and then walks it through `Codable`'s generic
/// machinery; a pull of 20,000 records spends most of its time there. This reader is a
/// recursive-descent parser over the bytes, with no intermediate tree. Errors carry the member
/// path, built as they unwind (free on the happy path), and the same wording as the `Codable`
/// path. It rejects invalid UTF-8, control characters in strings, a member name repeated in one
/// object, trailing content and nesting deeper than 64 levels.
public struct JSONScanner: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    /// Where the reader is, in bytes; saving and restoring it lets a caller read a value twice
    /// (say, once as a change and, if that fails, once as anything, to recover its id).
    public var offset: Int {
        get { index }
        set { index = newValue }
    }
    private var depth = 0
    static let maximumDepth = 64
    /// The member names of the objects being read, innermost last: one buffer reused for every
    /// object, so checking that no name repeats allocates nothing once it has grown.
    private var memberNames: [String] = []

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Reads one whole document from `data` with `body`; anything after it is an error.
    public static func read<Value>(_ data: Data, _ body: (inout JSONScanner) throws(RecordFormatError) -> Value) throws(RecordFormatError) -> Value {
        try data.withUnsafeBytes { raw in Result { () throws(RecordFormatError) in try read(bytes: raw, body) } }.get()
    }

    /// Reads one whole document from bytes held elsewhere (a server's request buffer), without
    /// copying them; anything after the document is an error.
    public static func read<Value>(
        bytes raw: UnsafeRawBufferPointer,
        _ body: (inout JSONScanner) throws(RecordFormatError) -> Value
    ) throws(RecordFormatError) -> Value {
        let result: Result<Value, RecordFormatError> = {
            var scanner = JSONScanner(raw)
            do throws(RecordFormatError) {
                let value = try body(&scanner)
                scanner.skipWhitespace()
                guard scanner.index == raw.count else { throw scanner.syntaxError("unexpected content after the document") }
                return .success(value)
            } catch {
                // Report a syntax error anywhere in the document before a shape error found on
                // the way, as a reader that parses first and decodes after would.
                return .failure(error.isMalformedJSON ? error : (syntaxError(in: raw) ?? error))
            }
        }()
        return try result.get()
    }

    /// The first syntax error in `raw`, if it is not well-formed JSON.
    private static func syntaxError(in raw: UnsafeRawBufferPointer) -> RecordFormatError? {
        var scanner = JSONScanner(raw)
        do throws(RecordFormatError) {
            _ = try scanner.readValue()
            scanner.skipWhitespace()
            return scanner.index == raw.count ? nil : scanner.syntaxError("unexpected content after the document")
        } catch {
            return error
        }
    }

    /// Checks that `data` is one well-formed JSON document, with no member name repeated in an
    /// object: what Foundation's `JSONDecoder` does not check before a `Codable` document is decoded.
    public static func validate(_ data: Data) throws(RecordFormatError) {
        try read(data) { scanner throws(RecordFormatError) in _ = try scanner.readValue() }
    }

    public enum Kind {
        case object, array, string, number, bool, null, invalid
    }

    // MARK: Typed reading

    /// What the next value is, without consuming it.
    public mutating func peekKind() -> Kind {
        skipWhitespace()
        guard index < bytes.count else { return .invalid }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return .invalid
        }
    }

    /// Reads an object, calling `body` with each key positioned at its value; errors from `body`
    /// are located under the key.
    public mutating func readObject(_ body: (inout JSONScanner, String) throws(RecordFormatError) -> Void) throws(RecordFormatError) {
        try expect(.object, "an object")
        index += 1
        try enter()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        let frame = memberNames.count
        defer { memberNames.removeSubrange(frame...) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw syntaxError("expected a member name") }
            let key = try readStringLiteral()
            if memberNames[frame...].contains(key) { throw syntaxError("member \"\(key.prefix(64))\" appears twice in one object") }
            memberNames.append(key)
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw syntaxError("expected ':' after a member name") }
            index += 1
            do throws(RecordFormatError) {
                try body(&self, key)
            } catch {
                throw error.nested(under: key)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return
            default: throw syntaxError("expected ',' or '}' in an object")
            }
        }
    }

    /// Reads an array, calling `body` at each element; errors are located under the element's index.
    public mutating func readArray(_ body: (inout JSONScanner, Int) throws(RecordFormatError) -> Void) throws(RecordFormatError) {
        try expect(.array, "an array")
        index += 1
        try enter()
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        var element = 0
        while true {
            do throws(RecordFormatError) {
                try body(&self, element)
            } catch {
                throw error.nested(underIndex: element)
            }
            element += 1
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return
            default: throw syntaxError("expected ',' or ']' in an array")
            }
        }
    }

    public mutating func readString() throws(RecordFormatError) -> String {
        try expect(.string, "a string")
        return try readStringLiteral()
    }

    public mutating func readBool() throws(RecordFormatError) -> Bool {
        try expect(.bool, "true or false")
        if consume("true") { return true }
        if consume("false") { return false }
        throw syntaxError("invalid literal")
    }

    /// Consumes `null` if it comes next.
    public mutating func readNull() -> Bool {
        skipWhitespace()
        return consume("null")
    }

    /// Any JSON value.
    public mutating func readValue() throws(RecordFormatError) -> FieldValue {
        switch peekKind() {
        case .object:
            var members: [String: FieldValue] = [:]
            try readObject { scanner, key throws(RecordFormatError) in members[key] = try scanner.readValue() }
            return .object(members)
        case .array:
            var values: [FieldValue] = []
            try readArray { scanner, _ throws(RecordFormatError) in values.append(try scanner.readValue()) }
            return .array(values)
        case .string: return .string(try readStringLiteral())
        case .bool: return .bool(try readBool())
        case .null:
            guard consume("null") else { throw syntaxError("invalid literal") }
            return .null
        case .number: return .number(try readNumber())
        case .invalid: throw syntaxError(index < bytes.count ? "unexpected character" : "unexpected end of the document")
        }
    }

    /// Reads a timestamp string.
    public mutating func readTimestamp() throws(RecordFormatError) -> Timestamp {
        try expect(.string, "a string")
        if let timestamp = readPlainString(Timestamp.init(utf8:)) { return timestamp }
        let text = try readStringLiteral()
        guard let timestamp = Timestamp(text) else {
            throw RecordFormatError(path: "", reason: "expected a timestamp like \(Timestamp.example), got \"\(text.prefix(40))\"")
        }
        return timestamp
    }

    public mutating func readUUID() throws(RecordFormatError) -> UUID {
        try expect(.string, "a string")
        if let id = readPlainString(UUID.parse) { return id }
        let text = try readStringLiteral()
        guard let id = UUID(text: text) else {
            throw RecordFormatError(path: "", reason: "expected a UUID like \(UUID.example), got \"\(text.prefix(40))\"")
        }
        return id
    }

    public mutating func readEntityType() throws(RecordFormatError) -> EntityType {
        let text = try readString()
        guard let type = EntityType(rawValue: text) else {
            throw RecordFormatError(
                path: "",
                reason: "expected an entity type of 1 to 32 lowercase letters, digits or '-', got \"\(text.prefix(40))\""
            )
        }
        return type
    }

    /// Skips one value of any kind.
    public mutating func skipValue() throws(RecordFormatError) {
        _ = try readValue()
    }

    // MARK: Lexing

    private mutating func expect(_ kind: Kind, _ description: String) throws(RecordFormatError) {
        let found = peekKind()
        guard found == kind else {
            if found == .invalid { throw syntaxError(index < bytes.count ? "unexpected character" : "unexpected end of the document") }
            throw RecordFormatError(path: "", reason: "expected \(description)")
        }
    }

    private mutating func enter() throws(RecordFormatError) {
        depth += 1
        if depth > Self.maximumDepth { throw syntaxError("nested more than \(Self.maximumDepth) levels deep") }
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        if matches { index += count }
        return matches
    }

    public func syntaxError(_ message: String) -> RecordFormatError {
        RecordFormatError(path: "", reason: "the document is not valid JSON (\(message) at byte \(index))", isMalformedJSON: true)
    }

    /// Reads a string literal at the cursor (which is on its opening quote).
    /// Reads a string at the scanner (positioned on its opening quote) through `parse` straight from
    /// its bytes, when it has no escapes and `parse` accepts it; otherwise reads nothing and returns
    /// `nil`, leaving the full reader to decode it or to report what is wrong.
    private mutating func readPlainString<Value>(_ parse: (UnsafeRawBufferPointer) -> Value?) -> Value? {
        let start = index + 1
        let end = JSONStringRun.scan(bytes, from: start).end
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), let value = parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else {
            return nil
        }
        index = end + 1
        return value
    }

    private mutating func readStringLiteral() throws(RecordFormatError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes. Plain ASCII (most text) needs no UTF-8 validation.
        let (end, isASCII) = JSONStringRun.scan(bytes, from: start)
        index = end
        if index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if isASCII { return String(decoding: content.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
                guard let text = String(validating: content, as: UTF8.self) else {
                    index -= 1
                    throw syntaxError("invalid UTF-8 in a string")
                }
                return text
            }
            if byte < 0x20 { throw syntaxError("unescaped control character in a string") }
        }
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else { throw syntaxError("invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard let escape = peek() else { throw syntaxError("unterminated string") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard consume("\\u") else { throw syntaxError("a lone surrogate in a \\u escape") }
                        let low = try readHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw syntaxError("a lone surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw syntaxError("a lone surrogate in a \\u escape")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw syntaxError("an invalid \\u escape") }
                    utf8.append(contentsOf: UTF8.encode(unicode).map { Array($0) } ?? [])
                default: throw syntaxError("an invalid escape in a string")
                }
            default:
                if byte < 0x20 { throw syntaxError("unescaped control character in a string") }
                utf8.append(byte)
                index += 1
            }
        }
        throw syntaxError("unterminated string")
    }

    private mutating func readHex4() throws(RecordFormatError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntaxError("a short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw syntaxError("an invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func readNumber() throws(RecordFormatError) -> Double {
        let start = index
        func digits() -> Int {
            let begin = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - begin
        }
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw syntaxError("invalid number")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw syntaxError("invalid number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw syntaxError("invalid number") }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw syntaxError("a number out of range") }
        return value
    }
}
