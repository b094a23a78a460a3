import Foundation
import TrentAPI
import TrentAuth
import TrentDomain

/// STS's GetCallerIdentity and AssumeRole, answered on the same endpoint in STS's
/// query-protocol XML so `aws sts get-caller-identity` and `aws sts assume-role` work.
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
            <UserId>\(escape(credential.principal.userId))</UserId>
            <Account>\(escape(credential.accountId))</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata>
            <RequestId>\(requestId)</RequestId>
          </ResponseMetadata>
        </GetCallerIdentityResponse>
        """
    }

    static func assumeRole(_ result: AssumeRole.Result, requestId: String) -> String {
        let credential = result.issued.credential
        return """
        <AssumeRoleResponse xmlns="\(namespace)">
          <AssumeRoleResult>
            <AssumedRoleUser>
              <AssumedRoleId>\(escape(result.principal.userId))</AssumedRoleId>
              <Arn>\(escape(result.principal.arn))</Arn>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>\(escape(credential.accessKeyId))</AccessKeyId>
              <SecretAccessKey>\(escape(credential.secretAccessKey))</SecretAccessKey>
              <SessionToken>\(escape(result.issued.sessionToken))</SessionToken>
              <Expiration>\(UTCTime.iso8601(result.issued.expiration))</Expiration>
            </Credentials>
          </AssumeRoleResult>
          <ResponseMetadata>
            <RequestId>\(requestId)</RequestId>
          </ResponseMetadata>
        </AssumeRoleResponse>
        """
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
