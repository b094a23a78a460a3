import Foundation
import Synchronization

/// Append-only audit trail: one JSON line per API call in `<data-dir>/audit.log` (0600).
///
/// Requests append to one of several independently locked buffers (no single lock for all
/// requests, and no disk I/O on the request path); a background task writes the buffers
/// out several times a second, and `flush()` at shutdown writes the rest. A crash can lose
/// the last fraction of a second of records, as CloudTrail's delivery can lag; it never
/// loses an acknowledged key operation, which the store makes durable first.
public final class AuditLog: Sendable {
    private final class Shard: Sendable {
        let lines = Mutex<[UInt8]>([])
    }

    private let shards: [Shard]
    private let descriptor: Int32
    private let writeLock = Mutex<Void>(())

    public init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AuditLogError("cannot open audit log \(path): \(String(cString: strerror(errno)))")
        }
        shards = (0 ..< 16).map { _ in Shard() }
    }

    deinit { close(descriptor) }

    public func record(_ line: [UInt8], spreadBy key: String) {
        let index = Int(key.utf8.last ?? 0) % shards.count
        shards[index].lines.withLock { buffer in
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes every buffered record and syncs the file.
    public func flush() {
        writeLock.withLock { _ in
            var pending: [UInt8] = []
            for shard in shards {
                shard.lines.withLock { buffer in
                    pending.append(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            guard !pending.isEmpty else { return }
            var offset = 0
            while offset < pending.count {
                let written = pending[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written <= 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
            fdatasync(descriptor)
        }
    }

    public func run(interval: Duration = .milliseconds(250)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            flush()
        }
    }
}

struct AuditLogError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
