import HummingbirdCore
import Logging
import NIOCore

/// Runs a connection's request loop on the connection's own event loop.
///
/// Hummingbird serves each connection in a task on Swift's global executor, so every request
/// crosses threads twice (the event loop reads it, a pool thread answers, the event loop
/// writes the answer), each crossing a wake-up and often a context switch. Trent's hot
/// operations are short and never block, so answering them where the bytes arrived is
/// cheaper; work that must wait (storage, key generation) awaits off the loop as before.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor.shared(for: value.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            await base.handle(value: value, logger: logger)
        }
    }
}
