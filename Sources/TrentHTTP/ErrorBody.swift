import TrentAPI
import TrentDomain

/// The JSON 1.1 error body: `{"__type": ..., "message": ...}`. AWS omits `message` for the
/// exceptions it sends without one (InvalidCiphertextException, for instance).
enum ErrorBody {
    static func json(_ error: KMSError) -> [UInt8] {
        var fields: [(key: String, value: JSONValue)] = [(key: "__type", value: .string(error.type))]
        if !error.message.isEmpty {
            fields.append((key: "message", value: .string(error.message)))
        }
        return JSONWriter.encode(.object(JSONObject(fields)))
    }
}
