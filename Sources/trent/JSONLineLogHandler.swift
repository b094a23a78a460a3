import Foundation
import Logging
import TrentJSON
import TrentAPI
import TrentHTTP

/// swift-log handler writing one JSON object per line to standard error through a
/// `BufferedLineWriter`: logging a request never takes the process-wide stderr lock or
/// waits on the pipe. Lines reach stderr within the flush interval, and all of them at
/// shutdown.
struct JSONLineLogHandler: LogHandler {
    static let sink = BufferedLineWriter(descriptor: STDERR_FILENO, syncAfterWrite: false)
    static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level, message = event.message, explicit = event.metadata
        var fields: [(key: String, value: JSONValue)] = [
            (key: "time", value: .string(Self.timeStyle.format(Date()))),
            (key: "level", value: .string(level.rawValue)),
            (key: "label", value: .string(label)),
            (key: "message", value: .string(message.description)),
        ]
        var merged = metadata
        if let explicit { merged.merge(explicit) { $1 } }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append((key: key, value: .string(value.description)))
        }
        Self.sink.append(JSONWriter.encode(.object(JSONObject(fields))))
    }
}
