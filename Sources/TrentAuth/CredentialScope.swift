import TrentDomain

/// The `Credential` of a SigV4 request: `accessKeyId/yyyyMMdd/region/service/aws4_request`.
struct CredentialScope: Sendable, Equatable {
    let accessKeyId: String
    let date: String
    let region: String
    let service: String
    let terminator: String

    static let terminator = "aws4_request"

    /// The scope line of the string to sign: everything after the access key id.
    var scope: String { "\(date)/\(region)/\(service)/\(terminator)" }

    /// Splits on `/` the way AWS (Java's `String.split`) does: trailing empty
    /// elements are ignored, so `.../aws4_request/` still has 5 elements.
    static func parse(_ credential: String) throws(KMSError) -> CredentialScope {
        var parts = ASCII.split(Substring(credential), on: UInt8(ascii: "/"))
        while parts.last?.isEmpty == true { parts.removeLast() }
        guard parts.count == 5 else { throw SigV4Errors.malformedCredential(credential) }
        return CredentialScope(
            accessKeyId: String(parts[0]),
            date: String(parts[1]),
            region: String(parts[2]),
            service: String(parts[3]),
            terminator: String(parts[4])
        )
    }

    /// Every failing scope check as AWS words it, in AWS's order (region, service,
    /// terminator, date); empty when the scope is acceptable.
    ///
    /// - Parameters:
    ///   - allowedServices: services this verifier accepts at all.
    ///   - regions: the regions this server serves; any other is "not a valid region".
    ///   - expectedService: the one service the request itself is for, when that
    ///     can be told from the request (e.g. `X-Amz-Target: TrentService.*` is KMS).
    ///   - requestTime: the request time as `yyyyMMdd'T'HHmmss'Z'`.
    func problems(allowedServices: Set<String>, regions: ServedRegions, expectedService: String?, requestTime: String) -> [String] {
        var sentences: [String] = []
        if !regions.contains(region) {
            sentences.append(SigV4Errors.invalidRegionSentence())
        }
        let serviceOK = expectedService.map { service == $0 } ?? allowedServices.contains(service)
        if !serviceOK {
            let named = expectedService
                ?? (allowedServices.contains("kms") ? "kms" : allowedServices.sorted().first ?? "kms")
            sentences.append(SigV4Errors.wrongServiceSentence(expected: named))
        }
        if terminator != Self.terminator {
            sentences.append(SigV4Errors.wrongTerminatorSentence(terminator))
        }
        let requestDay = String(requestTime.prefix(8))
        if date != requestDay {
            sentences.append(SigV4Errors.wrongScopeDateSentence(
                scopeDate: date, requestDay: requestDay, requestTime: requestTime
            ))
        }
        return sentences
    }

    /// `^[a-z]{2}(-[a-z]+)+-[0-9]+$`: `us-east-1`, `us-gov-west-1`, `eu-central-1`, ...
    /// The shape a configured region name must have (`ServedRegions.parse`).
    static func isValidRegion(_ region: String) -> Bool {
        let parts = ASCII.split(Substring(region), on: UInt8(ascii: "-"))
        guard parts.count >= 3,
              parts[0].utf8.count == 2, parts[0].utf8.allSatisfy(isLowercaseLetter),
              let last = parts.last, !last.isEmpty, last.utf8.allSatisfy(isDigit)
        else { return false }
        return parts.dropFirst().dropLast().allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isLowercaseLetter) }
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
