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
        /// The buffer the last flush wrote out, emptied with its capacity kept: swapped in
        /// by the next flush, so a flush holds a shard's lock for two pointer swaps, never
        /// for a copy, and writers on the request path never wait behind the disk.
        let spare = Mutex<[UInt8]>([])
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
            var wroteAny = false
            for shard in shards {
                // Only this function, under writeLock, touches `spare`.
                var pending = shard.spare.withLock { spare in
                    var taken: [UInt8] = []
                    swap(&taken, &spare)
                    return taken
                }
                shard.bytes.withLock { buffer in swap(&buffer, &pending) }
                if !pending.isEmpty {
                    writeAll(pending)
                    wroteAny = true
                }
                pending.removeAll(keepingCapacity: true)
                shard.spare.withLock { spare in swap(&spare, &pending) }
            }
            if wroteAny, syncAfterWrite { fdatasync(descriptor) }
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    public func run(interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            flush()
        }
    }
}
