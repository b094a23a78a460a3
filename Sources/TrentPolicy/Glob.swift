/// An IAM wildcard pattern (`*` = any run, `?` = any one character), compiled to tokens.
///
/// Tokens are UTF-8 bytes widened to 16 bits so that the two wildcards can live outside the
/// byte range: a `*` that came from `${*}` or from a policy variable's value is a plain byte
/// and can never act as a wildcard. Matching works on raw UTF-8 and allocates nothing.
struct Glob: Sendable, Hashable {
    static let anyRun: UInt16 = 0x100
    static let anyOne: UInt16 = 0x101

    /// Most patterns are a literal or "literal*" (`kms:Encrypt`, `kms:Describe*`, `kms:*`);
    /// those skip the general matcher.
    enum Shape: Sendable, Hashable { case everything, exact, prefix, general }

    let tokens: [UInt16]
    let shape: Shape

    init(tokens: [UInt16]) {
        self.tokens = tokens
        let wildcards = tokens.lazy.filter { $0 >= Self.anyRun }.count
        if !tokens.isEmpty, tokens.allSatisfy({ $0 == Self.anyRun }) {
            shape = .everything
        } else if wildcards == 0 {
            shape = .exact
        } else if wildcards == 1, tokens.last == Self.anyRun {
            shape = .prefix
        } else {
            shape = .general
        }
    }

    /// `text` with `*` and `?` as wildcards; `lowercase` folds ASCII letters (action names).
    init(pattern text: String, lowercase: Bool = false) {
        var builder = GlobBuilder()
        builder.appendPattern(text, lowercase: lowercase)
        self = builder.build()
    }

    /// `text` matched literally.
    init(literal text: String) {
        var builder = GlobBuilder()
        builder.appendLiteral(text, lowercase: false)
        self = builder.build()
    }

    /// Whether `text` matches. With `foldCase` the text's ASCII letters are lowercased as they
    /// are read; the pattern must then have been built lowercased.
    func matches(_ text: UnsafeBufferPointer<UInt8>, foldCase: Bool = false) -> Bool {
        switch shape {
        case .everything:
            return true
        case .exact:
            return text.count == tokens.count && Self.equalPrefix(tokens, tokens.count, text, foldCase)
        case .prefix:
            let count = tokens.count - 1
            return text.count >= count && Self.equalPrefix(tokens, count, text, foldCase)
        case .general:
            return generalMatch(text, foldCase)
        }
    }

    func matches(_ text: String, foldCase: Bool = false) -> Bool {
        var copy = text
        return copy.withUTF8 { matches($0, foldCase: foldCase) }
    }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ foldCase: Bool) -> UInt16 {
        if foldCase, byte &- UInt8(ascii: "A") < 26 { return UInt16(byte | 0x20) }
        return UInt16(byte)
    }

    private static func equalPrefix(_ tokens: [UInt16], _ count: Int, _ text: UnsafeBufferPointer<UInt8>, _ foldCase: Bool) -> Bool {
        var index = 0
        while index < count {
            if fold(text[index], foldCase) != tokens[index] { return false }
            index += 1
        }
        return true
    }

    /// Byte length of the UTF-8 sequence starting at `index`, so that `?` consumes one
    /// character rather than one byte of it.
    @inline(__always)
    private static func scalarLength(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var end = index + 1
        while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
        return end - index
    }

    /// Greedy matching with backtracking to the last `*`: O(pattern × text) at worst, no
    /// recursion, so a hostile pattern cannot exhaust the stack.
    private func generalMatch(_ text: UnsafeBufferPointer<UInt8>, _ foldCase: Bool) -> Bool {
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < tokens.count {
                let token = tokens[p]
                if token == Self.anyRun {
                    starP = p
                    starT = t
                    p += 1
                    continue
                }
                if token == Self.anyOne {
                    t += Self.scalarLength(text, t)
                    p += 1
                    continue
                }
                if Self.fold(text[t], foldCase) == token {
                    p += 1
                    t += 1
                    continue
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starT += Self.scalarLength(text, starT)
            t = starT
        }
        while p < tokens.count, tokens[p] == Self.anyRun { p += 1 }
        return p == tokens.count
    }
}

/// Assembles a `Glob` from pieces that are either patterns or literals (policy variables'
/// values and `${*}`-style escapes are literal).
struct GlobBuilder {
    private(set) var tokens: [UInt16] = []

    mutating func appendPattern(_ text: String, lowercase: Bool) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "*"): tokens.append(Glob.anyRun)
            case UInt8(ascii: "?"): tokens.append(Glob.anyOne)
            default: tokens.append(Self.token(byte, lowercase))
            }
        }
    }

    mutating func appendLiteral(_ text: String, lowercase: Bool) {
        for byte in text.utf8 { tokens.append(Self.token(byte, lowercase)) }
    }

    mutating func appendLiteralByte(_ byte: UInt8, lowercase: Bool) {
        tokens.append(Self.token(byte, lowercase))
    }

    private static func token(_ byte: UInt8, _ lowercase: Bool) -> UInt16 {
        if lowercase, byte &- UInt8(ascii: "A") < 26 { return UInt16(byte | 0x20) }
        return UInt16(byte)
    }

    func build() -> Glob { Glob(tokens: tokens) }
}
