import Testing
import TrentJSON
@testable import TrentAPI

@Suite("Typed accessors")
struct WireAccessorTests {
    private let object: JSONObject = {
        let json = #"{"S":"text","B":"AAEC","I":42.7,"F":true,"T":1700000000.5,"M":{"a":"1","b":null,"a":"2"},"L":["x",null,"y"],"N":null,"X":"ab!="}"#
        return try! JSONParser.parse(Array(json.utf8)).objectValue!
    }()

    @Test func readsTypedMembers() {
        #expect(object.string("S") == "text")
        #expect(object.blob("B") == [0, 1, 2])
        #expect(object.int("I") == 42)
        #expect(object.bool("F") == true)
        #expect(object.double("T") == 1_700_000_000.5)
        #expect(object.stringMap("M") == ["a": "2"])
        #expect(object.stringList("L") == ["x", "y"])
    }

    @Test func returnsNilForAbsentNullOrMistyped() {
        #expect(object.string("Missing") == nil)
        #expect(object.string("N") == nil)
        #expect(object.string("I") == nil)
        #expect(object.blob("I") == nil)
        #expect(object.blob("X") == nil)   // not base64
        #expect(object.int("S") == nil)
        #expect(object.bool("S") == nil)
        #expect(object.stringMap("L") == nil)
        #expect(object.stringList("M") == nil)
    }
}
