import Foundation
import Synchronization

/// Lines appended from many threads, written out in batches by one background task.
///
/// Writers pick one of several independently locked buffers, so no single lock serialises
/// all requests and no request waits on the disk or a pipe; `flush()` drains every buffer
/// with one `write` (and, for files that must survive a crash, one `fdatasync`).
public final class BufferedLineWriter: Sendable {
    private final class Shard: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    private let shards: [Shard]
    private let descriptor: Int32
    private let syncAfterWrite: Bool
    private let writeLock = Mutex<Void>(())
    private let next = Atomic<Int>(0)

    public init(descriptor: Int32, syncAfterWrite: Bool) {
        self.descriptor = descriptor
        self.syncAfterWrite = syncAfterWrite
        shards = (0 ..< 16).map { _ in Shard() }
    }

    public func append(_ line: [UInt8]) {
        // Round-robin spreads concurrent writers over the shards without hashing.
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue & (shards.count - 1)
        shards[index].bytes.withLock { buffer in
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
        }
    }

    public func flush() {
        writeLock.withLock { _ in
            var pending: [UInt8] = []
            for shard in shards {
                shard.bytes.withLock { buffer in
                    pending.append(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            guard !pending.isEmpty else { return }
            var offset = 0
            while offset < pending.count {
                let written = pending[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
            if syncAfterWrite { fdatasync(descriptor) }
        }
    }

    public func run(interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            flush()
        }
    }
}
