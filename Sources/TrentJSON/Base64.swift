/// Standard base64 (RFC 4648 §4) for blobs on the wire.
///
/// Decoding is strict, like AWS's: the length must be a multiple of four,
/// padding may only close the text, the bits a padded quantum leaves unused must
/// be zero, and whitespace is not skipped (no AWS SDK sends it, and tolerating it
/// would let two different texts name the same ciphertext).
public enum Base64 {
    /// Why a text is not base64; each case maps to AWS's message for it.
    public enum DecodingError: Error, Equatable, Sendable {
        case lengthNotMultipleOfFour(Int)
        case invalidCharacter(Unicode.Scalar)
        case invalidLastCharacter
    }

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0...63 for alphabet bytes, 0x40 for "=", 0x80 for anything else.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0x80, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        table[Int(UInt8(ascii: "="))] = 0x40
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the base64 text of `bytes` to `out` (the writer's buffer).
    public static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        let fullGroups = bytes.count / 3
        let remainder = bytes.count % 3
        let first = out.count
        // Grow once, then fill in place: appending byte by byte costs a capacity
        // check per output byte on the response path.
        out.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (bytes.count + 2) / 3 * 4))
        alphabet.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    var read = 0
                    var write = first
                    func emit(_ word: UInt32, _ shift: UInt32) {
                        output[write] = table[Int((word >> shift) & 0x3F)]
                        write += 1
                    }
                    for _ in 0..<fullGroups {
                        var word = UInt32(input[read]) << 16
                        word |= UInt32(input[read + 1]) << 8
                        word |= UInt32(input[read + 2])
                        emit(word, 18)
                        emit(word, 12)
                        emit(word, 6)
                        emit(word, 0)
                        read += 3
                    }
                    guard remainder > 0 else { return }
                    var word = UInt32(input[read]) << 16
                    if remainder == 2 { word |= UInt32(input[read + 1]) << 8 }
                    emit(word, 18)
                    emit(word, 12)
                    // The '=' padding is already in place.
                    if remainder == 2 { emit(word, 6) }
                }
            }
        }
    }

    public static func decode(_ text: String) throws(DecodingError) -> [UInt8] {
        var text = text
        let result: Result<[UInt8], DecodingError> = text.withUTF8 { utf8 in
            do throws(DecodingError) {
                let length = try decodedLength(utf8)
                var out = [UInt8](repeating: 0, count: length)
                out.withUnsafeMutableBufferPointer { decodeValidated(utf8, into: $0) }
                return .success(out)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Checks `text` and returns how many bytes it decodes to, without decoding.
    /// The validator needs only this to check a blob's length constraints.
    public static func validatedLength(_ text: String) throws(DecodingError) -> Int {
        var text = text
        let result: Result<Int, DecodingError> = text.withUTF8 { utf8 in
            do throws(DecodingError) {
                return .success(try decodedLength(utf8))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The decoded size of text that `validatedLength` already accepted, in O(1).
    public static func lengthOfValidated(_ text: String) -> Int {
        let utf8 = text.utf8
        let count = utf8.count
        guard count >= 4 else { return 0 }
        var index = utf8.index(before: utf8.endIndex)
        var padding = 0
        if utf8[index] == UInt8(ascii: "=") {
            padding = 1
            index = utf8.index(before: index)
            if utf8[index] == UInt8(ascii: "=") { padding = 2 }
        }
        return count / 4 * 3 - padding
    }

    static func decodedLength(_ utf8: UnsafeBufferPointer<UInt8>) throws(DecodingError) -> Int {
        let count = utf8.count
        guard count % 4 == 0 else {
            // AWS (Java) measures the text in UTF-16 units, so non-ASCII text can be
            // a multiple of four there; it then fails on its first bad character.
            let units = String(decoding: utf8, as: UTF8.self).utf16.count
            if units % 4 != 0 { throw .lengthNotMultipleOfFour(units) }
            throw firstInvalid(utf8, body: count)
        }
        if count == 0 { return 0 }
        let padding = utf8[count - 1] == UInt8(ascii: "=") ? (utf8[count - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
        let body = count - padding
        let bad = !allInAlphabet(utf8, count: body)
        if bad { throw firstInvalid(utf8, body: body) }
        // The last character of a padded quantum must not carry bits that are dropped.
        if padding > 0 {
            let last = decodeTable[Int(utf8[body - 1])]
            let unusedBits: UInt8 = padding == 1 ? 0x03 : 0x0F
            if last & unusedBits != 0 { throw .invalidLastCharacter }
        }
        return count / 4 * 3 - padding
    }

    /// Whether the first `count` bytes are all base64 alphabet bytes. This runs
    /// over every blob of every request, so it tests eight bytes per step with
    /// exact per-byte range arithmetic (no carry crosses a byte once the high
    /// bits are known clear) and branches once per step.
    private static func allInAlphabet(_ utf8: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
        guard let address = utf8.baseAddress else { return true }
        let raw = UnsafeRawPointer(address)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// High bit set in each byte b with low < b < high (b < 0x80, high <= 0x80).
        func between(_ x: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 {
            (ones &* (127 + high) &- x) & (x &+ ones &* (127 - low)) & highs
        }
        var position = 0
        var ok = true
        while position + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            let inAlphabet = between(x, 0x40, 0x5B) | between(x, 0x60, 0x7B) | between(x, 0x2F, 0x3A)
                | between(x, 0x2A, 0x2C) | between(x, 0x2E, 0x30)
            ok = ok && (x & highs == 0) && inAlphabet == highs
            position += 8
        }
        guard ok else { return false }
        return decodeTable.withUnsafeBufferPointer { table in
            var flags: UInt8 = 0
            while position < count {
                flags |= table[Int(utf8[position])]
                position += 1
            }
            return flags & 0xC0 == 0
        }
    }

    private static func firstInvalid(_ utf8: UnsafeBufferPointer<UInt8>, body: Int) -> DecodingError {
        for position in 0..<body {
            let byte = utf8[position]
            if byte == UInt8(ascii: "=") {
                // AWS reports misplaced padding as a bad final quantum.
                return .invalidLastCharacter
            }
            if decodeTable[Int(byte)] & 0x80 != 0 {
                let scalar = String(decoding: UnsafeBufferPointer(rebasing: utf8[position...]), as: UTF8.self)
                    .unicodeScalars.first ?? Unicode.Scalar(byte)
                return .invalidCharacter(scalar)
            }
        }
        return .invalidLastCharacter
    }

    /// Decodes text already accepted by `decodedLength`.
    private static func decodeValidated(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) {
        decodeTable.withUnsafeBufferPointer { table in
            var input = 0
            var output = 0
            let count = utf8.count
            while input < count {
                let a = UInt32(table[Int(utf8[input])])
                let b = UInt32(table[Int(utf8[input + 1])])
                let c = UInt32(table[Int(utf8[input + 2])])
                let d = UInt32(table[Int(utf8[input + 3])])
                let word = a << 18 | b << 12 | (c & 0x3F) << 6 | (d & 0x3F)
                out[output] = UInt8(truncatingIfNeeded: word >> 16)
                if c != 0x40 { out[output + 1] = UInt8(truncatingIfNeeded: word >> 8) }
                if d != 0x40 { out[output + 2] = UInt8(truncatingIfNeeded: word) }
                input += 4
                output += 3
            }
        }
    }
}
