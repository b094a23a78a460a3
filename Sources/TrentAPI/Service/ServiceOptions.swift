import TrentAuth

/// Deployment choices the service acts on, set once at start.
public struct ServiceOptions: Sendable {
    /// Regions ReplicateKey may name (the same list SigV4 accepts).
    public var regions: ServedRegions
    /// How long a new replica stays Creating, and a primary-region change Updating, before
    /// the background step finishes it. AWS takes a few seconds; tests shorten it.
    public var transitionDelay: Duration
    /// Whether GetKeyLastUsage is recorded (off only to measure what recording costs).
    public var trackKeyUsage: Bool
    /// AWS's quota of KMS keys per account and Region (100,000); tests lower it.
    public var maxKeysPerRegion: Int
    /// This node's name, for the heartbeats that share quotas among nodes.
    public var nodeId: String

    public init(
        regions: ServedRegions = .awsPublic, transitionDelay: Duration = .seconds(2), trackKeyUsage: Bool = true,
        maxKeysPerRegion: Int = 100_000, nodeId: String = "node"
    ) {
        self.nodeId = nodeId
        self.maxKeysPerRegion = maxKeysPerRegion
        self.regions = regions
        self.transitionDelay = transitionDelay
        self.trackKeyUsage = trackKeyUsage
    }
}
