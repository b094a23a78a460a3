import Testing
@testable import TrentPolicy

@Suite struct PolicyPrimitiveTests {
    @Test func globs() {
        let cases: [(String, String, Bool)] = [
            ("*", "", true), ("", "", true), ("", "a", false), ("a*", "a", true), ("a*", "ba", false),
            ("*a", "bba", true), ("*a", "ab", false), ("a*b*c", "aXbYc", true), ("a*b*c", "aXcYb", false),
            ("a?c", "abc", true), ("a?c", "ac", false), ("a?c", "aéc", true), ("??", "é", false),
            ("*?", "", false), ("*?", "x", true), ("**a**", "xxa", true), ("a*a*a*a*b", String(repeating: "a", count: 200), false),
        ]
        for (pattern, text, expected) in cases {
            #expect(Glob(pattern: pattern).matches(text) == expected, "\(pattern) vs \(text)")
        }
        #expect(Glob(literal: "a*").matches("a*"))
        #expect(!Glob(literal: "a*").matches("ab"))
        #expect(Glob(pattern: "KMS:Get*", lowercase: true).matches("kms:GETKEYPOLICY", foldCase: true))
        #expect(!Glob(pattern: "kms:get*").matches("kms:GetKeyPolicy"))
    }

    @Test func dates() {
        #expect(DateValue.parse("1970-01-01T00:00:00Z") == 0)
        #expect(DateValue.parse("1970-01-01") == 0)
        #expect(DateValue.parse("2024-02-29T12:30:15.25Z") == 1_709_209_815.25)
        #expect(DateValue.parse("2024-02-29T14:30:15.25+02:00") == 1_709_209_815.25)
        #expect(DateValue.parse("2024-02-29T07:30:15.25-0500") == 1_709_209_815.25)
        #expect(DateValue.parse("2024-02-29T12:30") == 1_709_209_800)
        #expect(DateValue.parse("1709209815") == 1_709_209_815)
        #expect(DateValue.parse("-1.5") == -1.5)
        for bad in ["", "2023-02-29", "2024-00-10", "2024-01-32", "2024-01-01T24:00:00Z", "2024-01-01T", "2024-01-01T10:00:00Q",
                    "2024-01-01T10:00:00.Z", "1e5", "12a", "2024-01-01T10:00:00+25:00", "-"] {
            #expect(DateValue.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func ipRanges() throws {
        let block = try #require(IPRange("192.0.2.0/24"))
        #expect(block.contains("192.0.2.255"))
        #expect(!block.contains("192.0.3.0"))
        #expect(!block.contains("192.0.2.1/32"))
        #expect(try #require(IPRange("0.0.0.0/0")).contains("255.255.255.255"))
        #expect(try #require(IPRange("2001:db8::1:0:0:1/128")).contains("2001:0db8:0000:0000:0001:0000:0000:0001"))
        #expect(try #require(IPRange("::ffff:192.0.2.1")).contains("::ffff:c000:201"))
        #expect(try #require(IPRange("fe80::/10")).contains("febf::1"))
        #expect(!(try #require(IPRange("fe80::/10")).contains("fec0::1")))
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/", "1.2.3.4/33", "::/129", "1::2::3", "12345::", "g::1",
                    "1:2:3:4:5:6:7:8:9", "1.2.3.-4", "+1::", "::1/+8"] {
            #expect(IPRange(bad) == nil, "\(bad)")
        }
    }

    @Test func numbers() {
        #expect(NumericValue.parse("7") == 7)
        #expect(NumericValue.parse("-1.5e2") == -150)
        #expect(NumericValue.parse("+3") == 3)
        for bad in ["", "inf", "nan", "0x10", "1e", "1..2", "--1", "1e400", " 1"] {
            #expect(NumericValue.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func templates() {
        let template = ValueTemplate(parsing: "a${aws:username}b${*}${aws:PrincipalTag/x, 'd e'}", variables: true)
        #expect(template.pieces == [.text("a"), .variable(key: "aws:username", fallback: nil), .text("b"), .escaped(UInt8(ascii: "*")),
                                    .variable(key: "aws:principaltag/x", fallback: "d e")])
        let context = PolicyTestContext(["aws:username": .single("u")])
        #expect(template.resolve(context) == "aub*d e")
        #expect(template.resolve(PolicyTestContext()) == nil)
        #expect(ValueTemplate(parsing: "${aws:username}", variables: false).literal == "${aws:username}")
        #expect(ValueTemplate(parsing: "$${x}{}", variables: true).literal == "$${x}{}")
        let parts = ValueTemplate(parsing: "arn:aws:kms:${aws:RequestedRegion}:1:alias/${aws:username}:x", variables: true).split(colonsUpTo: 5)
        #expect(parts.count == 6)
        #expect(parts[3].pieces == [.variable(key: "aws:requestedregion", fallback: nil)])
        #expect(parts[5].pieces == [.text("alias/"), .variable(key: "aws:username", fallback: nil), .text(":x")])
    }
}
