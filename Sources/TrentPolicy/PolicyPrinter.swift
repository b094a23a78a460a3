import TrentJSON

/// Jackson `DefaultPrettyPrinter` form, which GetKeyPolicy returns (spec authorization.md §4.2):
/// `"k" : v`, two-space indent per object level, arrays inline (`[ "a", "b" ]`, `[ {` … `} ]`),
/// `{ }` / `[ ]` when empty, no trailing newline. Keys keep the document's order; a repeated
/// key prints once, with its last value, where it first appeared (Jackson's tree model).
/// Bare account ids in a statement's Principal/NotPrincipal `AWS` entry render as
/// `arn:aws:iam::<id>:root`, as AWS stores them.
public enum PolicyPrinter {
    public static func pretty(_ value: JSONValue) -> String {
        var printer = Printer()
        printer.write(value, depth: 0, role: .document)
        return String(decoding: printer.bytes, as: UTF8.self)
    }

    /// Where a value sits in a policy document; only principals are rewritten.
    fileprivate enum Role { case document, statements, statement, principal, awsPrincipals, other }
}

private struct Printer {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func write(_ value: JSONValue, depth: Int, role: PolicyPrinter.Role) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): bytes.append(contentsOf: number.text.utf8)
        case .string(let text):
            quote(role == .awsPrincipals && PrincipalName.isAccountId(Substring(text)) ? "arn:aws:iam::\(text):root" : text)
        case .array(let items):
            guard !items.isEmpty else {
                bytes.append(contentsOf: "[ ]".utf8)
                return
            }
            bytes.append(contentsOf: "[ ".utf8)
            let elementRole: PolicyPrinter.Role = switch role {
            case .statements: .statement
            case .awsPrincipals: .awsPrincipals
            default: .other
            }
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(contentsOf: ", ".utf8) }
                write(item, depth: depth, role: elementRole)
            }
            bytes.append(contentsOf: " ]".utf8)
        case .object(let object):
            let members = DocumentReader.members(object)
            guard !members.isEmpty else {
                bytes.append(contentsOf: "{ }".utf8)
                return
            }
            // "Statement" may be a single statement rather than a list of them.
            let objectRole: PolicyPrinter.Role = role == .statements ? .statement : role
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                quote(member.key)
                bytes.append(contentsOf: " : ".utf8)
                write(member.value, depth: depth + 1, role: Self.role(of: member.key, in: objectRole))
            }
            newline(depth)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static func role(of key: String, in parent: PolicyPrinter.Role) -> PolicyPrinter.Role {
        switch (parent, key) {
        case (.document, "Statement"): .statements
        case (.statement, "Principal"), (.statement, "NotPrincipal"): .principal
        case (.principal, "AWS"): .awsPrincipals
        default: .other
        }
    }

    private mutating func newline(_ depth: Int) {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { bytes.append(contentsOf: "  ".utf8) }
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Jackson's escapes: `"`, `\`, the five short control escapes, `\u00XX` for the other
    /// controls; everything else (non-ASCII included) as UTF-8.
    private mutating func quote(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0..<0x20:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
