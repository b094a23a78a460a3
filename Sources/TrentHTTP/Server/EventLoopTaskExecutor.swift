import NIOCore
import Synchronization

/// A `TaskExecutor` that runs jobs on one NIO event loop (this NIO release has none).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    private init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    /// One executor per event loop, made on first use: the loops live as long as the process.
    private static let executors = Mutex<[ObjectIdentifier: EventLoopTaskExecutor]>([:])

    static func shared(for eventLoop: any EventLoop) -> EventLoopTaskExecutor {
        let id = ObjectIdentifier(eventLoop)
        return executors.withLock { map in
            if let existing = map[id] { return existing }
            let made = EventLoopTaskExecutor(eventLoop)
            map[id] = made
            return made
        }
    }
}
