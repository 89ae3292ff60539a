import FollowUpCore
import Foundation

/// Where a client stands in the server's sequence, for one account on one server.
///
/// `position` is the sequence number of the last entity delivered (with the entity id to break
/// ties when a new assignment delivers many entities at one number); `directory` is the sequence
/// number up to which removals and the people directory have been delivered (it moves only on a
/// pull's last page). Clients treat the whole thing as an opaque string: base64url of
/// version (1 byte, 2) · server id (16) · epoch (16) · account id (16) · position (8) · directory (8)
/// · tie id (0 or 16). Version 1, from before epochs, lacks the epoch and is still read.
struct Cursor: Hashable, Sendable {
    var server: UUID
    /// The data set's epoch the cursor was issued in (``SyncStore/epoch``); `nil` in a
    /// version 1 cursor.
    var epoch: UUID?
    var account: UUID
    var position: Int64
    var tie: UUID?
    var directory: Int64

    static let version: UInt8 = 2

    /// Where a client with no cursor starts.
    static func start(server: UUID, epoch: UUID, account: UUID) -> Cursor {
        Cursor(server: server, epoch: epoch, account: account, position: 0, tie: nil, directory: 0)
    }

    var encoded: String {
        var bytes: [UInt8] = [epoch == nil ? 1 : Self.version]
        bytes += Self.bytes(of: server)
        if let epoch { bytes += Self.bytes(of: epoch) }
        bytes += Self.bytes(of: account)
        bytes += Self.bytes(of: UInt64(bitPattern: position))
        bytes += Self.bytes(of: UInt64(bitPattern: directory))
        if let tie { bytes += Self.bytes(of: tie) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor string; `nil` for anything this server did not write.
    init?(encoded text: String) {
        guard text.utf8.count <= 128 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        var bytes = [UInt8](data)
        switch bytes.first {
        case 1:
            guard bytes.count == 49 || bytes.count == 65 else { return nil }
            epoch = nil
        case Self.version:
            guard bytes.count == 65 || bytes.count == 81 else { return nil }
            epoch = Self.uuid(bytes[17..<33])
            bytes.removeSubrange(17..<33)
        default:
            return nil
        }
        server = Self.uuid(bytes[1..<17])
        account = Self.uuid(bytes[17..<33])
        position = Int64(bitPattern: Self.integer(bytes[33..<41]))
        directory = Int64(bitPattern: Self.integer(bytes[41..<49]))
        tie = bytes.count == 65 ? Self.uuid(bytes[49..<65]) : nil
        guard position >= 0, directory >= 0 else { return nil }
    }

    init(server: UUID, epoch: UUID?, account: UUID, position: Int64, tie: UUID?, directory: Int64) {
        self.server = server
        self.epoch = epoch
        self.account = account
        self.position = position
        self.tie = tie
        self.directory = directory
    }

    private static func bytes(of id: UUID) -> [UInt8] {
        withUnsafeBytes(of: id.uuid) { Array($0) }
    }

    private static func bytes(of value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func uuid(_ bytes: ArraySlice<UInt8>) -> UUID {
        let b = Array(bytes)
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
