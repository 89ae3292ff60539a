public import FollowUpCore
public import Foundation

/// Reading one change as a server or replica accepts it: well-formed, and within the limits.
public enum RecordCoding {
    /// Decodes one change with the wire codec and checks it against `limits`.
    public static func decodeChange(_ data: Data, limits: ChangeLimits = .standard) throws(RecordFormatError) -> Change {
        let change = try Change.decode(json: data)
        try change.validate(limits)
        return change
    }
}
