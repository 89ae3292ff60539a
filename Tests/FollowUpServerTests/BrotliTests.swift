import BrotliCoding
import Foundation
import Testing

/// The `br` coding both sides use for large bodies: lossless, and safe against hostile input.
@Suite("Brotli coding")
struct BrotliTests {
    static let text = Data(
        (0..<5_000).map { "record \($0): the interviewer asked about night shifts and the new warehouse; ünïcödé ✓\n" }.joined().utf8)

    @Test("round-trips text, empty input and incompressible bytes")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        for data in [Self.text, Data(), noise] {
            #expect(try Brotli.decode(Brotli.encode(data, quality: 7), maxSize: 10_000_000) == data)
        }
        #expect(Brotli.encode(Self.text, quality: 7).count < Self.text.count / 10)
    }

    @Test("refuses corrupt, truncated and trailing-garbage input")
    func corrupt() {
        let encoded = Brotli.encode(Self.text, quality: 5)
        #expect(throws: Brotli.DecodingError.corrupt) { try Brotli.decode(Data("not brotli at all, just text".utf8), maxSize: 1_000_000) }
        #expect(throws: Brotli.DecodingError.corrupt) { try Brotli.decode(encoded.prefix(encoded.count / 2), maxSize: 1_000_000) }
        #expect(throws: Brotli.DecodingError.corrupt) { try Brotli.decode(encoded + Data([1, 2, 3]), maxSize: 1_000_000) }
    }

    @Test("stops a small body that would expand past the limit")
    func bomb() {
        let zeros = Brotli.encode(Data(count: 50_000_000), quality: 5)
        #expect(zeros.count < 10_000)
        #expect(throws: Brotli.DecodingError.tooLarge(limit: 1_000_000)) { try Brotli.decode(zeros, maxSize: 1_000_000) }
    }
}
