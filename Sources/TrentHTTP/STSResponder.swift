import Foundation
import TrentAuth
import TrentDomain

/// The one STS action clients use to check who they are: GetCallerIdentity, answered on the
/// same endpoint in STS's query-protocol XML so `aws sts get-caller-identity` works.
enum STSResponder {
    static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    static func formFields(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(String(parts[0]))
            fields[name] = parts.count > 1 ? decode(String(parts[1])) : ""
        }
        return fields
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    static func getCallerIdentity(_ credential: Credential, requestId: String) -> String {
        """
        <GetCallerIdentityResponse xmlns="\(namespace)">
          <GetCallerIdentityResult>
            <Arn>\(escape(credential.principalArn))</Arn>
            <UserId>\(escape(userId(credential)))</UserId>
            <Account>\(escape(credential.accountId))</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata>
            <RequestId>\(requestId)</RequestId>
          </ResponseMetadata>
        </GetCallerIdentityResponse>
        """
    }

    /// IAM user ids are stable opaque strings beginning "AIDA"; derive one from the account
    /// and user name so it is the same across restarts.
    static func userId(_ credential: Credential) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(credential.accountId)/\(credential.userName)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var id = "AIDA"
        for _ in 0 ..< 17 {
            id.append(alphabet[Int(hash & 31)])
            hash = hash >> 5 | hash << 59
        }
        return id
    }

    /// STS (the query protocol) names its errors differently from KMS.
    static func error(_ error: KMSError, requestId: String) -> String {
        """
        <ErrorResponse xmlns="\(namespace)">
          <Error>
            <Type>Sender</Type>
            <Code>\(escape(error.type))</Code>
            <Message>\(escape(error.message))</Message>
          </Error>
          <RequestId>\(requestId)</RequestId>
        </ErrorResponse>
        """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
