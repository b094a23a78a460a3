import Foundation
import Testing
@testable import TrentCrypto

/// Outside implementations (python3 with pyca `cryptography`, the `openssl` 3 CLI) run as
/// processes, so Trent's secp256k1, SM2 and Ed25519 output is checked by code that is not Trent's.
enum OutsideProgram {
    struct Result {
        let status: Int32
        let output: [UInt8]
        let errors: String
        var text: String { String(decoding: output, as: UTF8.self) }
    }

    struct Failed: Error, CustomStringConvertible {
        let command: [String]
        let result: Result
        var description: String { "\(command.joined(separator: " ")) exited with \(result.status): \(result.errors)" }
    }

    /// Runs `command` through /usr/bin/env; the result whatever the exit status.
    /// Data goes in through files or arguments, never stdin: writing to a pipe the child never
    /// reads could raise SIGPIPE in the test runner.
    static func run(_ command: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: Array(output), errors: String(decoding: errors, as: UTF8.self))
    }

    /// Runs `command` and insists on exit status 0.
    static func succeed(_ command: [String]) throws -> Result {
        let result = try run(command)
        guard result.status == 0 else { throw Failed(command: command, result: result) }
        return result
    }

    /// A `python3 -c` script whose stdout lines come back; arguments go in as hex.
    static func python(_ script: String, _ arguments: [String]) throws -> [String] {
        try succeed(["python3", "-c", script] + arguments).text.split(separator: "\n").map(String.init)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// A scratch directory for files the openssl CLI reads and writes, removed afterwards.
struct ScratchDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("trent-crypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Wycheproof groups of one file from ../shared/testdata/wycheproof.
enum WycheproofFile {
    static func groups(_ name: String) throws -> [[String: Any]] {
        let root = try #require(try TestData.json("wycheproof/\(name)") as? [String: Any])
        return try #require(root["testGroups"] as? [[String: Any]])
    }

    /// Runs every signature vector of a file whose groups carry `publicKeyDer` through
    /// `verify(spki, message, signature)`: each valid one must verify, each invalid one must
    /// not. Returns how many of each there were.
    static func checkSignatures(
        _ name: String, verify: ([UInt8], [UInt8], [UInt8]) throws -> Bool
    ) throws -> (valid: Int, invalid: Int) {
        var valid = 0, invalid = 0
        for group in try groups(name) {
            let spki = TestData.hex(try #require(group["publicKeyDer"] as? String))
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let id = test["tcId"] as? Int ?? -1
                let message = TestData.hex(try #require(test["msg"] as? String))
                let signature = TestData.hex(try #require(test["sig"] as? String))
                let accepted = try verify(spki, message, signature)
                switch test["result"] as? String {
                case "valid":
                    valid += 1
                    #expect(accepted, "tcId \(id) should verify")
                case "invalid":
                    invalid += 1
                    #expect(!accepted, "tcId \(id) should not verify")
                default:
                    Issue.record("tcId \(id): unexpected result \(String(describing: test["result"]))")
                }
            }
        }
        return (valid, invalid)
    }
}

/// Expects `body` to be refused with exactly `expected`.
func expectRefusal<T>(_ expected: AsymmetricFailure, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(AsymmetricFailure) -> T) {
    do {
        _ = try body()
        Issue.record("expected \(expected), got a result", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}
