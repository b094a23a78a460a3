import TrentDomain

extension KMSService {
    /// KeyMetadata of `record`, with its multi-Region set read from the cache: the set is
    /// stored nowhere as a whole, each key knowing only whether it is primary or replica.
    func renderMetadata(_ record: KeyRecord, including extra: [KeyRecord] = []) -> JSONValue {
        guard record.multiRegion else { return KeyMetadataJSON.render(record) }
        var members: [String: KeyRecord] = [:]
        for live in keys.multiRegionSet(account: record.account, keyId: record.keyId) { members[live.record.region] = live.record }
        for other in extra + [record] { members[other.region] = other }
        let sorted = members.values.sorted { $0.region < $1.region }
        let set = KeyMetadataJSON.MultiRegionSet(
            primary: sorted.first { $0.multiRegionType == .primary },
            replicas: sorted.filter { $0.multiRegionType == .replica }
        )
        return KeyMetadataJSON.render(record, multiRegionSet: set)
    }
}
