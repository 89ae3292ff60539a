/// Writing JSON string literals by hand, for canonical forms that must not depend on an encoder's
/// options or version.
enum JSONText {
    static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                output += "\\u00"
                output += HexDigits.fixedWidth(UInt64(control.value), digits: 2)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
