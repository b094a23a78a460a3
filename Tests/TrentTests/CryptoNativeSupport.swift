import Foundation
import Testing
@testable import TrentCrypto

/// Wycheproof files as groups of tests, read at run time from ../shared/testdata.
enum NativeVectors {
    struct Group {
        let fields: [String: Any]
        let tests: [Case]

        func string(_ key: String) -> String? { fields[key] as? String }
        func bytes(_ key: String) -> [UInt8]? { string(key).map(TestData.hex) }
    }

    static func groups(_ file: String) throws -> [Group] {
        let root = try #require(try TestData.json("wycheproof/\(file)") as? [String: Any])
        let groups = try #require(root["testGroups"] as? [[String: Any]])
        return try groups.map { Group(fields: $0, tests: try #require($0["tests"] as? [[String: Any]]).map(Case.init)) }
    }

    struct Case {
        let fields: [String: Any]

        var id: Int { fields["tcId"] as? Int ?? -1 }
        var result: String { fields["result"] as? String ?? "" }
        func bytes(_ key: String) -> [UInt8]? { (fields[key] as? String).map(TestData.hex) }
    }
}

/// Python `cryptography` (pyca) as an independent implementation, run as `python3 -c`.
/// Data goes in as hex arguments and comes back as hex lines on stdout.
enum NativePython {
    struct Failure: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "python3 (with cryptography) failed with status \(status): \(stderr)" }
    }

    static func run(_ script: String, _ arguments: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(status: process.terminationStatus, stderr: errorText) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// Keys generated once per test run: RSA generation takes seconds in a debug build.
enum NativeKeys {
    static let rsa2048: any PrivateKeyHandle = try! RSAKeys.generate(.rsa2048)
}

/// Expects `body` to throw exactly `expected`.
func expectFailure<T>(_ expected: AsymmetricFailure, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(AsymmetricFailure) -> T) {
    do {
        _ = try body()
        Issue.record("expected \(expected), got a result. \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, comment, sourceLocation: sourceLocation)
    }
}
