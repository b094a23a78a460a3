import Foundation
import Testing
@testable import TrentAuth
import TrentDomain

/// Shared helpers for the SigV4 tests.
enum SigV4TestSupport {
    /// The package root: this file is `<root>/Tests/TrentTests/SigV4TestSupport.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The published AWS SigV4 test suite, shared outside the repository.
    static let suiteURL: URL = packageRoot
        .appendingPathComponent("../shared/testdata/sigv4/aws-sig-v4-test-suite.json")
        .standardizedFileURL

    /// Runs `verify` and returns its error, or `nil` when the request verified.
    static func error(_ verifier: SigV4Verifier, _ request: SigV4Request) -> KMSError? {
        do {
            _ = try verifier.verify(request)
            return nil
        } catch {
            return error
        }
    }

    /// Seconds since 1970 of an `yyyyMMdd'T'HHmmss'Z'` text (test-side, independent
    /// of the verifier's own date code).
    static func date(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
        return date
    }

    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}

// MARK: - The AWS test suite file

struct SigV4SuiteFile: Decodable, Sendable {
    struct Config: Decodable, Sendable {
        let service: String
        let region: String
        let accessKeyId: String
        let secretAccessKey: String
    }

    struct Request: Decodable, Sendable {
        let method: String
        let uri: String
        let path: String
        let query: String
        let headers: [[String]]
        let body: String
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let request: Request
        /// The Authorization header value.
        let authz: String
        /// Canonical request.
        let creq: String
        /// The signed request as raw HTTP.
        let sreq: String
        /// String to sign.
        let sts: String

        var testDescription: String { name }
    }

    let config: Config
    let tests: [String: [Case]]

    enum LoadError: Error, CustomStringConvertible {
        case missing(URL)
        case unreadable(URL, any Error)

        var description: String {
            switch self {
            case let .missing(url):
                "The AWS SigV4 test suite is missing: expected \(url.path) (the published aws-sig-v4-test-suite JSON, kept outside the repository in ../shared/testdata/sigv4/ relative to the package root)."
            case let .unreadable(url, error):
                "The AWS SigV4 test suite at \(url.path) could not be read: \(error)"
            }
        }
    }

    static func load() -> Result<SigV4SuiteFile, LoadError> {
        let url = SigV4TestSupport.suiteURL
        guard FileManager.default.fileExists(atPath: url.path) else { return .failure(.missing(url)) }
        do {
            return .success(try JSONDecoder().decode(SigV4SuiteFile.self, from: Data(contentsOf: url)))
        } catch {
            return .failure(.unreadable(url, error))
        }
    }

    /// Every case of every group, each name once, in a stable order.
    var allCases: [Case] {
        var seen: Set<String> = []
        var result: [Case] = []
        for group in tests.keys.sorted() {
            for testCase in tests[group] ?? [] where seen.insert(testCase.name).inserted {
                result.append(testCase)
            }
        }
        return result
    }
}

extension SigV4SuiteFile.Case {
    /// The request as the suite's JSON describes it, without any Authorization.
    var unsignedRequest: SigV4Request {
        SigV4Request(
            method: request.method,
            path: request.path,
            query: request.query,
            headers: request.headers.map { (name: $0[0], value: $0[1]) },
            body: Array(request.body.utf8)
        )
    }

    /// The suite's signed request (`.sreq`), parsed as an HTTP server would see it.
    var signedRequest: SigV4Request {
        let text = sreq
        let headEnd = text.range(of: "\n\n")
        let head = headEnd.map { String(text[..<$0.lowerBound]) } ?? text
        let body = headEnd.map { String(text[$0.upperBound...]) } ?? ""
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        // "METHOD <target> HTTP/1.1"; the target itself may contain spaces.
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if target.hasSuffix(" HTTP/1.1") { target.removeLast(" HTTP/1.1".count) }
        let path: String
        let query: String
        if let questionMark = target.firstIndex(of: "?") {
            path = String(target[..<questionMark])
            query = String(target[target.index(after: questionMark)...])
        } else {
            path = target
            query = ""
        }
        let headers = lines.map { line -> (name: String, value: String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
        return SigV4Request(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }

    /// The `SignedHeaders` list the `.creq` itself declares (its second-to-last line).
    var creqSignedHeaders: String {
        let lines = creq.split(separator: "\n", omittingEmptySubsequences: false)
        return String(lines[lines.count - 2])
    }

    /// The `SignedHeaders` list of the Authorization header.
    var authzSignedHeaders: String {
        let afterKey = authz.range(of: "SignedHeaders=")!.upperBound
        return String(authz[afterKey...].prefix { $0 != "," })
    }
}

// MARK: - botocore

/// Signs requests with botocore (`python3` must have botocore installed) and
/// returns them as the HTTP layer would receive them.
enum SigV4Botocore {
    struct Job: Encodable {
        var method = "POST"
        var url: String
        var headers: [String: String] = [:]
        var body = ""
        var service: String
        var region = "us-east-1"
        var accessKey: String
        var secret: String
        /// Seconds since 1970 of the signing time.
        var timestamp: Double
        var unsignedPayload = false
        /// Query parameters given to botocore as `params` (not in the URL).
        var params: [String: String]?
        /// Presign (query-string auth) with this X-Amz-Expires instead of a header.
        var presignExpires: Int?
    }

    struct Signed: Decodable {
        let method: String
        let host: String
        let path: String
        let query: String
        let headers: [[String]]
        let body: String

        /// As received: the client's headers plus `Host` (botocore signs the host
        /// from the URL; the HTTP client sends it).
        var request: SigV4Request {
            var list: [(name: String, value: String)] = [(name: "Host", value: host)]
            list += headers.map { (name: $0[0], value: $0[1]) }
            list.append((name: "Content-Length", value: String(body.utf8.count)))
            return SigV4Request(method: method, path: path, query: query, headers: list, body: Array(body.utf8))
        }
    }

    static let script = #"""
    import sys, json, datetime
    from urllib.parse import urlsplit
    import botocore.auth as auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    out = []
    for job in json.load(sys.stdin):
        moment = datetime.datetime.fromtimestamp(job["timestamp"], datetime.timezone.utc).replace(tzinfo=None)
        auth.get_current_datetime = lambda *args, moment=moment, **kwargs: moment
        request = AWSRequest(method=job["method"], url=job["url"], headers=job["headers"], data=job["body"].encode(), params=job.get("params") or {})
        if job["unsignedPayload"]:
            request.context["payload_signing_enabled"] = False
        credentials = Credentials(job["accessKey"], job["secret"])
        if job.get("presignExpires") is not None:
            auth.SigV4QueryAuth(credentials, job["service"], job["region"], expires=job["presignExpires"]).add_auth(request)
        else:
            auth.SigV4Auth(credentials, job["service"], job["region"]).add_auth(request)
        parts = urlsplit(request.prepare().url)
        out.append({
            "method": request.method,
            "host": parts.netloc,
            "path": parts.path,
            "query": parts.query,
            "headers": [[k, v] for k, v in request.headers.items()],
            "body": job["body"],
        })
    json.dump(out, sys.stdout)
    """#

    enum Failure: Error, CustomStringConvertible {
        case python(status: Int32, stderr: String)

        var description: String {
            switch self {
            case let .python(status, stderr):
                "python3 (with botocore) failed with status \(status): \(stderr)"
            }
        }
    }

    static func sign(_ jobs: [Job]) throws -> [Signed] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(jobs))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.python(status: process.terminationStatus, stderr: errorText)
        }
        return try JSONDecoder().decode([Signed].self, from: data)
    }
}

extension SigV4Request {
    /// A copy with every header named `name` (any case) replaced by one `value`,
    /// or removed when `value` is nil.
    func replacingHeader(_ name: String, with value: String?) -> SigV4Request {
        var copy = self
        let lower = name.lowercased()
        var replaced = false
        copy.headers = headers.compactMap { header in
            guard header.name.lowercased() == lower else { return header }
            guard let value, !replaced else { return nil }
            replaced = true
            return (name: header.name, value: value)
        }
        if let value, !replaced { copy.headers.append((name: name, value: value)) }
        return copy
    }

    func firstHeader(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
