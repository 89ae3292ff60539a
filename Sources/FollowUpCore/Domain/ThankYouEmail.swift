public import Foundation

/// The thank-you email as a file any mail client opens (`followup draft ID --eml`) or as a
/// `mailto:` link (`--mailto`), so sending it is one click in the seeker's own mail program.
public struct ThankYouEmail: Sendable {
    public let subject: String?
    public let body: String
    public let sender: Sender
    public let recipient: Interviewer?

    public init(subject: String?, body: String, sender: Sender, recipient: Interviewer?) {
        self.subject = subject
        self.body = body
        self.sender = sender
        self.recipient = recipient
    }

    public init(draft: ThankYouDraft, sender: Sender, recipient: Interviewer?) {
        self.init(subject: draft.subject, body: draft.body, sender: sender, recipient: recipient)
    }

    /// An RFC 5322 message: UTF-8 text in quoted-printable, headers in RFC 2047 encoded words where
    /// they are not ASCII, CRLF line ends. `X-Unsent: 1` makes Outlook open it as a draft to send;
    /// Thunderbird and Apple Mail open it as a message to edit as new. `From` and `To` appear when
    /// the addresses are known.
    public func eml(date: Date, messageID: UUID = UUID()) -> String {
        var headers: [String] = []
        // Only an address that passes the check is written: one with a line break would start a
        // header of its writer's choosing.
        if let email = sender.email.flatMap(EmailAddress.init) {
            headers.append("From: " + Self.mailbox(name: sender.nameIsSet ? sender.name : nil, address: email))
        }
        if let email = recipientAddress {
            headers.append(
                "To: " + Self.mailbox(name: recipient?.name.map(ThankYouComposer.personalName).map(ThankYouComposer.nameAsName), address: email)
            )
        }
        headers.append("Subject: " + Self.headerText(subject ?? "Thank you"))
        headers.append("Date: " + Self.rfc5322Date(date))
        headers.append("Message-ID: <\(messageID.uuidString.lowercased())@followup.invalid>")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=utf-8")
        headers.append("Content-Transfer-Encoding: quoted-printable")
        headers.append("X-Unsent: 1")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(body)
    }

    /// A `mailto:` link (RFC 6068) with the recipient, subject and body filled in.
    public var mailto: String {
        var link = "mailto:" + (recipientAddress.map { Self.percentEncoded($0.text, keeping: Self.addressCharacters) } ?? "")
        let lines = body.replacingOccurrences(of: "\n", with: "\r\n")
        link += "?subject=" + Self.percentEncoded(subject ?? "Thank you", keeping: Self.unreserved)
        link += "&body=" + Self.percentEncoded(lines, keeping: Self.unreserved)
        return link
    }

    /// The interviewer's address when it is a usable one.
    public var recipientAddress: EmailAddress? { recipient?.email.flatMap(EmailAddress.init) }

    // MARK: Encodings

    /// `"Name" <address>`, the name as an encoded word when it is not plain ASCII.
    static func mailbox(name: String?, address: EmailAddress) -> String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return "\(encodedWords(name)) <\(address)>"
    }

    /// Header text as it is when it is printable ASCII, else as RFC 2047 encoded words.
    static func headerText(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }) { return text }
        return encodedWords(text)
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, split between characters (never inside
    /// one), folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk = ""
        for character in text {
            let candidate = chunk + String(character)
            // 12 characters of "=?UTF-8?B?" and "?=", and 4 base64 characters per 3 bytes.
            if 12 + (candidate.utf8.count + 2) / 3 * 4 > 75, !chunk.isEmpty {
                words.append(chunk)
                chunk = String(character)
            } else {
                chunk = candidate
            }
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045 §6.7) of UTF-8 text, with CRLF line ends and soft breaks keeping
    /// every line within 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        var output = ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            var current = ""
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
                let encoded = literal ? String(UnicodeScalar(byte)) : "=" + String(format: "%02X", byte)
                if current.count + encoded.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += encoded
            }
            output += current
            if index < lines.count - 1 { output += "\r\n" }
        }
        return output
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    private static let addressCharacters = unreserved.union(CharacterSet(charactersIn: "@!$'*+"))

    private static func percentEncoded(_ text: String, keeping allowed: CharacterSet) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
