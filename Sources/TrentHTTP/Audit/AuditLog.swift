import Foundation

/// Append-only audit trail: one JSON line per API call in `<data-dir>/audit.log` (0600),
/// written off the request path by a `BufferedLineWriter` several times a second and synced.
/// A crash can lose the last fraction of a second of records, as CloudTrail's delivery can
/// lag; it never loses an acknowledged key operation, which the store makes durable first.
public final class AuditLog: Sendable {
    private let descriptor: Int32
    private let writer: BufferedLineWriter
    /// The node that writes this trail, named in every record (several nodes share a store).
    public let nodeId: String?

    public init(path: String, nodeId: String? = nil) throws {
        self.nodeId = nodeId
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AuditLogError("cannot open audit log \(path): \(String(cString: strerror(errno)))")
        }
        writer = BufferedLineWriter(descriptor: descriptor, syncAfterWrite: true)
    }

    deinit { close(descriptor) }

    public func record(_ line: [UInt8]) { writer.append(line) }

    public func flush() { writer.flush() }

    public func run(interval: Duration = .milliseconds(250)) async { await writer.run(interval: interval) }
}

struct AuditLogError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
