import Synchronization

/// A concurrent dictionary split into independently locked shards, so readers on different
/// keys never contend on one lock and a critical section is a single hash lookup.
final class ShardedMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private final class Shard: Sendable {
        let lock = Mutex<[Key: Value]>([:])
    }

    private let shards: [Shard]

    init(shardCount: Int = 64) {
        shards = (0 ..< shardCount).map { _ in Shard() }
    }

    private func shard(_ key: Key) -> Int {
        Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))
    }

    /// Room for `count` entries in all, spread over the shards, so a bulk load (start-up with
    /// many keys) does not rehash each shard as it grows.
    func reserveCapacity(_ count: Int) {
        let perShard = count / shards.count + count / (4 * shards.count) + 1
        for shard in shards {
            shard.lock.withLock { $0.reserveCapacity(perShard) }
        }
    }

    subscript(key: Key) -> Value? {
        shards[shard(key)].lock.withLock { $0[key] }
    }

    func set(_ key: Key, _ value: Value?) {
        shards[shard(key)].lock.withLock { $0[key] = value }
    }

    /// Replaces the value only if `shouldReplace(old)` says so, atomically per key.
    func update(_ key: Key, _ body: (inout Value?) -> Void) {
        shards[shard(key)].lock.withLock { dict in
            var value = dict[key]
            body(&value)
            dict[key] = value
        }
    }

    /// A consistent copy of each shard in turn (not of the whole map at one instant), for
    /// listings, which AWS documents as eventually consistent anyway.
    func values(where include: (Value) -> Bool) -> [Value] {
        var out: [Value] = []
        for shard in shards {
            shard.lock.withLock { dict in
                for value in dict.values where include(value) { out.append(value) }
            }
        }
        return out
    }
}
