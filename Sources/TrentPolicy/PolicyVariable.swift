/// A policy value that may contain policy variables (`${aws:username}`), IAM's escapes
/// (`${*}`, `${?}`, `${$}`) and defaults (`${aws:PrincipalTag/team, 'none'}`).
///
/// Parsed once at compile time. Variables are honoured only in Version 2012-10-17 documents;
/// in older (or version-less) documents `${…}` is plain text, as in IAM.
struct ValueTemplate: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        /// As written; `*` and `?` in it are wildcards where the operator globs.
        case text(String)
        /// `${*}`, `${?}` or `${$}`: the character itself, never a wildcard.
        case escaped(UInt8)
        /// Resolved through the request's ConditionContext; `key` is lowercased.
        case variable(key: String, fallback: String?)
    }

    let pieces: [Piece]

    var hasVariables: Bool {
        pieces.contains { if case .variable = $0 { true } else { false } }
    }

    /// The literal text when the value has no variables (escapes applied).
    var literal: String? {
        hasVariables ? nil : resolve(nil)
    }

    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    init(parsing text: String, variables: Bool) {
        guard variables, text.utf8.contains(UInt8(ascii: "$")) else {
            pieces = [.text(text)]
            return
        }
        var pieces: [Piece] = []
        var pending = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            let afterDollar = rest.index(after: dollar)
            guard afterDollar < rest.endIndex, rest[afterDollar] == "{",
                  let close = rest[afterDollar...].firstIndex(of: "}")
            else {
                pending += rest[...dollar]
                rest = rest[afterDollar...]
                continue
            }
            let body = rest[rest.index(after: afterDollar)..<close]
            guard let piece = Self.piece(body) else {
                pending += rest[...close]
                rest = rest[rest.index(after: close)...]
                continue
            }
            pending += rest[..<dollar]
            if !pending.isEmpty { pieces.append(.text(pending)) }
            pending = ""
            pieces.append(piece)
            rest = rest[rest.index(after: close)...]
        }
        pending += rest
        if !pending.isEmpty || pieces.isEmpty { pieces.append(.text(pending)) }
        self.pieces = pieces
    }

    private static func piece(_ body: Substring) -> Piece? {
        switch body {
        case "*": return .escaped(UInt8(ascii: "*"))
        case "?": return .escaped(UInt8(ascii: "?"))
        case "$": return .escaped(UInt8(ascii: "$"))
        default: break
        }
        var key = body
        var fallback: String?
        if let comma = body.firstIndex(of: ",") {
            key = body[..<comma]
            let tail = body[body.index(after: comma)...].trimmingSpaces
            guard tail.count >= 2, tail.first == "'", tail.last == "'" else { return nil }
            fallback = String(tail.dropFirst().dropLast())
        }
        let name = key.trimmingSpaces
        // A variable names a condition key, which always has a vendor prefix.
        guard let colon = name.firstIndex(of: ":"), colon != name.startIndex, name.index(after: colon) != name.endIndex,
              !name.contains(where: { $0 == " " || $0 == "$" || $0 == "{" })
        else { return nil }
        return .variable(key: name.lowercased(), fallback: fallback)
    }

    /// The value with variables substituted, or nil when one cannot be resolved (missing
    /// or multi-valued key without a default): such a value matches nothing.
    func resolve(_ context: (any ConditionContext)?) -> String? {
        if pieces.count == 1, case .text(let text) = pieces[0] { return text }
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .escaped(let byte): result.unicodeScalars.append(Unicode.Scalar(byte))
            case .variable(let key, let fallback):
                guard let value = Self.lookup(key, fallback, context) else { return nil }
                result += value
            }
        }
        return result
    }

    /// The value as a wildcard pattern: text pieces glob, escapes and variable values do not.
    func glob(_ context: (any ConditionContext)?, lowercase: Bool = false) -> Glob? {
        var builder = GlobBuilder()
        for piece in pieces {
            switch piece {
            case .text(let text): builder.appendPattern(text, lowercase: lowercase)
            case .escaped(let byte): builder.appendLiteralByte(byte, lowercase: lowercase)
            case .variable(let key, let fallback):
                guard let value = Self.lookup(key, fallback, context) else { return nil }
                builder.appendLiteral(value, lowercase: lowercase)
            }
        }
        return builder.build()
    }

    private static func lookup(_ key: String, _ fallback: String?, _ context: (any ConditionContext)?) -> String? {
        guard let context else { return nil }
        if case .single(let value) = context.values(forLowercasedKey: key) { return value }
        return fallback
    }

    /// Splits at the first `maxSplits` colons of the text pieces (a variable such as
    /// `${aws:username}` contains a colon that is not a separator).
    func split(colonsUpTo maxSplits: Int) -> [ValueTemplate] {
        var parts: [ValueTemplate] = []
        var current: [Piece] = []
        for piece in pieces {
            guard case .text(let text) = piece else {
                current.append(piece)
                continue
            }
            var rest = Substring(text)
            while parts.count < maxSplits, let colon = rest.firstIndex(of: ":") {
                if colon != rest.startIndex { current.append(.text(String(rest[..<colon]))) }
                parts.append(ValueTemplate(pieces: current.isEmpty ? [.text("")] : current))
                current = []
                rest = rest[rest.index(after: colon)...]
            }
            if !rest.isEmpty { current.append(.text(String(rest))) }
        }
        parts.append(ValueTemplate(pieces: current.isEmpty ? [.text("")] : current))
        return parts
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
