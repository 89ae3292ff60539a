public import CBrotli
public import Foundation

/// Brotli (RFC 7932), HTTP's `br` content coding, through the system library.
///
/// For large sync bodies, where bytes on the wire matter more than CPU: a first pull's pages come
/// out about a quarter smaller than with gzip's fastest level.
public enum Brotli {
    /// Encodes `data`; `quality` runs from 0 (fastest) to 11 (smallest), `windowBits` from 10 to 24
    /// (how far back a match may reach: 2^windowBits − 16 bytes).
    public static func encode(_ data: Data, quality: Int32, windowBits: Int32 = BROTLI_DEFAULT_WINDOW) -> Data {
        let capacity = BrotliEncoderMaxCompressedSize(data.count)
        var output = Data(count: capacity)
        var size = capacity
        let succeeded = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                BrotliEncoderCompress(
                    quality, windowBits, BROTLI_MODE_GENERIC, input.count, input.bindMemory(to: UInt8.self).baseAddress, &size,
                    out.bindMemory(to: UInt8.self).baseAddress)
            }
        }
        // The encoder fails only when the output does not fit, and `capacity` is its own bound.
        guard succeeded == BROTLI_TRUE else { return data }
        output.count = size
        return output
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
