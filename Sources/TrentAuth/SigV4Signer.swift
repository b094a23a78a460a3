import Crypto
import TrentCrypto
import Foundation

/// Signs a request the way the AWS SDKs do (header auth), for tests and for
/// in-process clients. The verifier does not use it.
public enum SigV4Signer {
    /// Returns `request` with an `X-Amz-Date` header for `date` (unless it already
    /// has an `X-Amz-Date` or `Date` header, which must then denote `date`) and an
    /// `Authorization` header that signs every header present (include `Host`).
    /// The payload hash is `x-amz-content-sha256` if present, else the body's SHA-256.
    public static func sign(
        _ request: SigV4Request,
        accessKeyId: String,
        secretAccessKey: String,
        region: String,
        service: String,
        date: Date
    ) -> SigV4Request {
        var signed = request
        let timestamp = AmzDate.format(date)
        if !signed.headers.contains(where: { $0.name.lowercased() == "x-amz-date" || $0.name.lowercased() == "date" }) {
            signed.headers.append((name: "X-Amz-Date", value: timestamp))
        }
        signed.headers.removeAll { $0.name.lowercased() == "authorization" }
        let names = Set(signed.headers.map { $0.name.lowercased() }).sorted()
        let signedHeaders = names.joined(separator: ";")
        let headers = HeaderIndex(signed.headers)
        let payloadHash = headers.first("x-amz-content-sha256").map(CanonicalRequest.trimAll)
            ?? Hex.encode(SHA256.hash(data: signed.body))
        let canonical = CanonicalRequest(
            method: signed.method,
            path: signed.path,
            query: QueryString.parse(signed.query),
            excludeSignatureParameter: false,
            headers: headers,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash
        )
        let day = String(timestamp.prefix(8))
        let scope = "\(day)/\(region)/\(service)/\(CredentialScope.terminator)"
        let stringToSign = StringToSign.build(timestamp: timestamp, scope: scope, canonicalRequestHash: canonical.hash)
        let key = SigningKeyCache.deriveSigningKey(secretAccessKey: secretAccessKey, date: day, region: region, service: service)
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        signed.headers.append((
            name: "Authorization",
            value: "\(StringToSign.algorithm) Credential=\(accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        ))
        return signed
    }
}
