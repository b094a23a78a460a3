/// The regions a Trent serves. A request whose credential scope names any other region is
/// refused before its signature is checked, as AWS refuses a region it does not serve, so a
/// mistyped region cannot silently become a namespace of its own.
public struct ServedRegions: Sendable, Equatable {
    public let names: Set<String>

    /// The commercial (`aws` partition) regions in botocore's endpoint data of late 2026.
    /// China, GovCloud and the isolated partitions are not served unless `--regions` names
    /// them (their keys then get their partition's ARNs, `arn:aws-cn:...`).
    public static let awsPublic = ServedRegions(unchecked: [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
        "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
        "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
        "us-west-1", "us-west-2",
    ])

    private init(unchecked names: Set<String>) {
        self.names = names
    }

    /// A configured set: every name must have a region's shape (`us-east-1`), and there must
    /// be at least one. Returns the first offending name otherwise.
    public static func parse(_ names: [String]) -> Result<ServedRegions, RegionListError> {
        guard !names.isEmpty else { return .failure(RegionListError(name: "", reason: "the list is empty")) }
        for name in names where !CredentialScope.isValidRegion(name) {
            return .failure(RegionListError(name: name, reason: "is not a region name (like us-east-1)"))
        }
        return .success(ServedRegions(unchecked: Set(names)))
    }

    public func contains(_ region: String) -> Bool { names.contains(region) }
}

public struct RegionListError: Error, Sendable, CustomStringConvertible {
    public let name: String
    public let reason: String
    public var description: String { name.isEmpty ? reason : "'\(name)' \(reason)" }
}
