import CompressNIO
import ContentCoding
import FollowUpTestSupport
import Foundation
import NIOCore
import NIOFoundationCompat
import Testing

/// The `br` and `gzip` codings both sides use for bodies: lossless, readable by other
/// implementations (zlib, through CompressNIO), and safe against hostile input.
@Suite("Content coding")
struct ContentCodingTests {
    static let text = Data(
        (0..<5_000).map { "record \($0): the interviewer asked about night shifts and the new warehouse; ünïcödé ✓\n" }.joined().utf8
    )

    /// Bodies of random sizes, half text and half noise, drawn from a seed a failure prints.
    static func bodies(seed: UInt64, count: Int) -> [Data] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            let size = Int.random(in: 0...200_000, using: &generator)
            if index.isMultiple(of: 2) { return Data(text.prefix(size)) }
            return Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
    }

    @Test("Brotli round-trips text, empty input and incompressible bytes")
    func brotliRoundTrip() throws {
        let seed = PropertySeed.base
        for data in [Self.text] + Self.bodies(seed: seed, count: 8) {
            let encoded = try #require(Brotli.encode(data, quality: 7))
            #expect(try Brotli.decode(encoded, maxSize: 10_000_000) == data, "seed \(seed), \(data.count) bytes")
            let buffered = try #require(Brotli.encode(ByteBuffer(data: data), quality: 7))
            #expect(Data(buffer: buffered) == encoded, "the ByteBuffer path writes the same stream")
        }
        #expect(try #require(Brotli.encode(Self.text, quality: 7)).count < Self.text.count / 10)
    }

    @Test("Brotli refuses corrupt, truncated and trailing-garbage input")
    func brotliCorrupt() throws {
        let encoded = try #require(Brotli.encode(Self.text, quality: 5))
        let corrupt = ContentDecodingError.corrupt(coding: "Brotli")
        #expect(throws: corrupt) { try Brotli.decode(Data("not brotli at all, just text".utf8), maxSize: 1_000_000) }
        #expect(throws: corrupt) { try Brotli.decode(encoded.prefix(encoded.count / 2), maxSize: 1_000_000) }
        #expect(throws: corrupt) { try Brotli.decode(encoded + Data([1, 2, 3]), maxSize: 1_000_000) }
    }

    @Test("Brotli stops a small body that would expand past the limit")
    func brotliBomb() throws {
        let zeros = try #require(Brotli.encode(Data(count: 50_000_000), quality: 5))
        #expect(zeros.count < 10_000)
        #expect(throws: ContentDecodingError.tooLarge(limit: 1_000_000)) { try Brotli.decode(zeros, maxSize: 1_000_000) }
    }

    @Test("gzip round-trips, and zlib reads what it writes and the other way round")
    func gzipRoundTrip() throws {
        let seed = PropertySeed.base
        for data in [Self.text] + Self.bodies(seed: seed, count: 8) {
            let encoded = try #require(Gzip.encode(data))
            #expect(try Gzip.decode(encoded, maxSize: 10_000_000) == data, "seed \(seed), \(data.count) bytes")
            var zlibReads = ByteBuffer(data: encoded)
            #expect(Data(buffer: try zlibReads.decompress(with: .gzip())) == data, "seed \(seed), \(data.count) bytes")
            var plain = ByteBuffer(data: data)
            let zlibWrote = try plain.compress(with: .gzip())
            #expect(try Gzip.decode(Data(buffer: zlibWrote), maxSize: 10_000_000) == data, "seed \(seed), \(data.count) bytes")
            let buffered = try #require(Gzip.encode(ByteBuffer(data: data)))
            #expect(try Gzip.decode(buffered, maxSize: 10_000_000) == data, "the ByteBuffer path, seed \(seed), \(data.count) bytes")
        }
        #expect(try #require(Gzip.encode(Self.text)).count < Self.text.count / 10)
    }

    @Test("gzip reads several members in a row as one body, as RFC 1952 allows")
    func gzipMembers() throws {
        let first = Data(Self.text.prefix(1_000))
        let second = Self.text  // larger than the trailer's size of the last member suggests for the first
        let joined = try #require(Gzip.encode(second)) + #require(Gzip.encode(first)) + #require(Gzip.encode(Data()))
        #expect(try Gzip.decode(joined, maxSize: 10_000_000) == second + first)
        #expect(throws: ContentDecodingError.tooLarge(limit: second.count)) { try Gzip.decode(joined, maxSize: second.count) }
    }

    @Test("gzip refuses corrupt, truncated, trailing-garbage and lying input")
    func gzipCorrupt() throws {
        let encoded = try #require(Gzip.encode(Self.text))
        let corrupt = ContentDecodingError.corrupt(coding: "gzip")
        #expect(throws: corrupt) { try Gzip.decode(Data("not gzip at all, just some text".utf8), maxSize: 1_000_000) }
        #expect(throws: corrupt) { try Gzip.decode(Data(), maxSize: 1_000_000) }
        #expect(throws: corrupt) { try Gzip.decode(encoded.prefix(encoded.count / 2), maxSize: 1_000_000) }
        #expect(throws: corrupt) { try Gzip.decode(encoded + Data([1, 2, 3]), maxSize: 1_000_000) }
        // A trailer whose size or checksum does not match the data is refused, not believed.
        for offset in [encoded.count - 1, encoded.count - 5] {
            var lying = encoded
            lying[offset] ^= 0x55
            #expect(throws: corrupt) { try Gzip.decode(lying, maxSize: 1_000_000) }
        }
    }

    @Test("gzip stops a small body that would expand past the limit")
    func gzipBomb() throws {
        let zeros = try #require(Gzip.encode(Data(count: 50_000_000)))
        #expect(zeros.count < 400_000)
        #expect(throws: ContentDecodingError.tooLarge(limit: 1_000_000)) { try Gzip.decode(zeros, maxSize: 1_000_000) }
        // The same with a trailer claiming a tiny size: the decoder grows its buffer, up to the limit only.
        var lying = zeros
        lying.replaceSubrange(lying.count - 4..<lying.count, with: [16, 0, 0, 0])
        #expect(throws: ContentDecodingError.tooLarge(limit: 1_000_000)) { try Gzip.decode(lying, maxSize: 1_000_000) }
    }
}
