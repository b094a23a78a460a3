import Foundation

/// Where background work reads the time. The deletion scheduler (and later rotation and
/// import expiry) take one, so tests move time instead of waiting, and the service itself
/// knows nothing about tests.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// The system clock moved by a fixed interval: what the executable's hidden
/// `--scheduler-time-offset` gives the scheduler so that end-to-end tests can reach a
/// deletion date without waiting for it.
public struct OffsetClock: WallClock {
    public let offset: TimeInterval
    public init(offset: TimeInterval) { self.offset = offset }
    public func now() -> Date { Date().addingTimeInterval(offset) }
}
