import Testing
import TrentJSON
@testable import TrentPolicy

@Suite struct PolicyPrinterTests {
    static func pretty(_ text: String) throws -> String {
        PolicyPrinter.pretty(try JSONParser.parse(Array(text.utf8)))
    }

    @Test func defaultPolicyMatchesGetKeyPolicyExactly() throws {
        // MX:GetKeyPolicy, spec authorization.md §4.1.
        let expected = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"
        #expect(try Self.pretty(PolicyFixtures.defaultKeyPolicy()) == expected)
        #expect(try CompiledPolicy.compile(PolicyFixtures.defaultKeyPolicy(), kind: .key).text == expected)
    }

    @Test func arraysAndNesting() throws {
        let text = #"{"Statement":[{"Sid":"A","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:user/x"]},"Action":["kms:Encrypt","kms:Decrypt"],"Condition":{"NumericLessThan":{"k:n":[1,2.50]},"Bool":{"aws:SecureTransport":true}}},{"Sid":"B","Empty":{},"List":[]}]}"#
        let expected = """
        {
          "Statement" : [ {
            "Sid" : "A",
            "Principal" : {
              "AWS" : [ "arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:user/x" ]
            },
            "Action" : [ "kms:Encrypt", "kms:Decrypt" ],
            "Condition" : {
              "NumericLessThan" : {
                "k:n" : [ 1, 2.50 ]
              },
              "Bool" : {
                "aws:SecureTransport" : true
              }
            }
          }, {
            "Sid" : "B",
            "Empty" : { },
            "List" : [ ]
          } ]
        }
        """
        #expect(try Self.pretty(text) == expected)
    }

    @Test func onlyPrincipalAccountIdsAreRewritten() throws {
        let text = #"{"Id":"111122223333","Statement":{"NotPrincipal":{"AWS":"444455556666","Service":"111122223333"},"Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}}"#
        let expected = """
        {
          "Id" : "111122223333",
          "Statement" : {
            "NotPrincipal" : {
              "AWS" : "arn:aws:iam::444455556666:root",
              "Service" : "111122223333"
            },
            "Condition" : {
              "StringEquals" : {
                "kms:CallerAccount" : "111122223333"
              }
            }
          }
        }
        """
        #expect(try Self.pretty(text) == expected)
    }

    @Test func keyOrderIsTheDocumentsAndStringsAreEscaped() throws {
        let text = #"{"Statement":[{"Resource":"*","Effect":"Allow","Sid":"q\"uote\\back\/slash\ttab\u0001ctl é"}],"Version":"2012-10-17"}"#
        let expected = "{\n  \"Statement\" : [ {\n    \"Resource\" : \"*\",\n    \"Effect\" : \"Allow\",\n    \"Sid\" : \"q\\\"uote\\\\back/slash\\ttab\\u0001ctl é\"\n  } ],\n  \"Version\" : \"2012-10-17\"\n}"
        #expect(try Self.pretty(text) == expected)
        // Round trip: the printed form parses back to the same document.
        #expect(try JSONParser.parse(Array(Self.pretty(text).utf8)) == JSONParser.parse(Array(text.utf8)))
    }

    @Test func repeatedKeysPrintOnceWithTheLastValue() throws {
        #expect(try Self.pretty(#"{"Id":"a","Version":"2012-10-17","Id":"b"}"#) == "{\n  \"Id\" : \"b\",\n  \"Version\" : \"2012-10-17\"\n}")
    }

    @Test func scalarsAtTheTop() throws {
        #expect(try Self.pretty("[]") == "[ ]")
        #expect(try Self.pretty("{}") == "{ }")
        #expect(try Self.pretty(#"[null,false,-1e3,"x"]"#) == #"[ null, false, -1e3, "x" ]"#)
    }
}
