public import FollowUpCore
public import Foundation

/// `GET /v1/info`: who the server is and what it accepts, readable without logging in.
public struct ServerInfo: Codable, Hashable, Sendable {
    /// Protocol versions the server speaks.
    public var versions: [Int]
    /// A stable id of this server's data; a cursor from another server is refused.
    public var serverID: UUID
    /// The data set's epoch: it changes when the server's data is restored from a backup, which
    /// may have lost changes clients had acknowledged (SPEC §6.2). Optional for older servers.
    public var epoch: UUID?
    public var limits: Limits

    public struct Limits: Codable, Hashable, Sendable {
        /// Largest request body, in bytes, after decompression.
        public var maxBodyBytes: Int
        /// Most changes in one push.
        public var maxBatch: Int
        /// Most entities in one pull page.
        public var maxPage: Int
        /// Longest long-poll wait, in seconds.
        public var maxWaitSeconds: Int
        /// How far ahead of the server's clock a change's timestamp may be, in seconds.
        public var maxClockDriftSeconds: Int
        /// UTF-8 bytes of one field value; of all values in one change; of one record's stored state
        /// (overwritten values included); and the most fields one record may have. Optional for
        /// servers that predate them.
        public var maxValueBytes: Int?
        public var maxChangeBytes: Int?
        public var maxRecordBytes: Int?
        public var maxRecordFields: Int?
        /// How many writes each field keeps (its value and those it replaced); older ones are let go.
        public var keptWritesPerField: Int?

        public init(
            maxBodyBytes: Int,
            maxBatch: Int,
            maxPage: Int,
            maxWaitSeconds: Int,
            maxClockDriftSeconds: Int,
            changeLimits: ChangeLimits? = nil
        ) {
            self.maxBodyBytes = maxBodyBytes
            self.maxBatch = maxBatch
            self.maxPage = maxPage
            self.maxWaitSeconds = maxWaitSeconds
            self.maxClockDriftSeconds = maxClockDriftSeconds
            maxValueBytes = changeLimits?.maximumValueBytes
            maxChangeBytes = changeLimits?.maximumChangeBytes
            maxRecordBytes = changeLimits?.maximumRecordBytes
            maxRecordFields = changeLimits?.maximumRecordFields
            keptWritesPerField = changeLimits == nil ? nil : Register.keptWrites
        }
    }

    public init(versions: [Int], serverID: UUID, epoch: UUID? = nil, limits: Limits) {
        self.versions = versions
        self.serverID = serverID
        self.epoch = epoch
        self.limits = limits
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(versions, forKey: .versions)
        try container.encode(serverID.uuidString.lowercased(), forKey: .serverID)
        try container.encodeIfPresent(epoch?.uuidString.lowercased(), forKey: .epoch)
        try container.encode(limits, forKey: .limits)
    }
}
