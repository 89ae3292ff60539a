public import CBrotli
public import Foundation
public import NIOCore

/// Brotli (RFC 7932), HTTP's `br` content coding, through the system library.
///
/// For large sync bodies, where bytes on the wire matter more than CPU: a first pull's pages come
/// out about a quarter smaller than with gzip's fastest level.
public enum Brotli {
    /// Encodes a body held in a `ByteBuffer` straight into a new one, as a server sends it;
    /// `quality` runs from 0 (fastest) to 11 (smallest), `windowBits` from 10 to 24 (how far back a
    /// match may reach: 2^windowBits − 16 bytes). `nil` when the encoder fails: send the body as it is.
    public static func encode(
        _ body: ByteBuffer,
        quality: Int32,
        windowBits: Int32 = BROTLI_DEFAULT_WINDOW,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer? {
        let bound = BrotliEncoderMaxCompressedSize(body.readableBytes)
        guard bound > 0 else { return nil }
        var output = allocator.buffer(capacity: bound)
        var succeeded = false
        _ = body.withUnsafeReadableBytes { input in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { out in
                let size = encode(input, into: out, quality: quality, windowBits: windowBits)
                succeeded = size != nil
                return size ?? 0
            }
        }
        return succeeded ? output : nil
    }

    /// Encodes `data` (see ``encode(_:quality:windowBits:allocator:)``).
    public static func encode(_ data: Data, quality: Int32, windowBits: Int32 = BROTLI_DEFAULT_WINDOW) -> Data? {
        let bound = BrotliEncoderMaxCompressedSize(data.count)
        guard bound > 0 else { return nil }
        var output = Data(count: bound)
        let size = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in encode(input, into: out, quality: quality, windowBits: windowBits) }
        }
        guard let size else { return nil }
        output.count = size
        return output
    }

    /// Encodes `input` into `output`, which holds at least `BrotliEncoderMaxCompressedSize(input.count)`
    /// bytes; returns the size written, `nil` if the encoder failed.
    private static func encode(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer,
        quality: Int32,
        windowBits: Int32
    ) -> Int? {
        var size = output.count
        let succeeded = BrotliEncoderCompress(
            quality,
            windowBits,
            BROTLI_MODE_GENERIC,
            input.count,
            input.baseAddress?.assumingMemoryBound(to: UInt8.self),
            &size,
            output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        )
        return succeeded == BROTLI_TRUE ? size : nil
    }

    /// Decodes `data`, refusing to produce more than `maxSize` bytes.
    public static func decode(_ data: Data, maxSize: Int) throws(ContentDecodingError) -> Data {
        guard let decoder = BrotliDecoderCreateInstance(nil, nil, nil) else { throw .unavailable }
        defer { BrotliDecoderDestroyInstance(decoder) }
        var output = Data()
        let chunk = 256 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        let outcome: Result<Void, ContentDecodingError> = data.withUnsafeBytes { input in
            var nextIn = input.bindMemory(to: UInt8.self).baseAddress
            var availableIn = input.count
            while true {
                var availableOut = chunk
                let result = buffer.withUnsafeMutableBufferPointer { out -> BrotliDecoderResult in
                    var nextOut = out.baseAddress
                    return BrotliDecoderDecompressStream(decoder, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                }
                let produced = chunk - availableOut
                guard output.count + produced <= maxSize else { return .failure(.tooLarge(limit: maxSize)) }
                output.append(contentsOf: buffer[0..<produced])
                switch result {
                case BROTLI_DECODER_RESULT_SUCCESS: return availableIn == 0 ? .success(()) : .failure(.corrupt(coding: "Brotli"))
                case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: continue
                default: return .failure(.corrupt(coding: "Brotli"))  // an error, or the input ended mid-stream
                }
            }
        }
        try outcome.get()
        return output
    }
}
