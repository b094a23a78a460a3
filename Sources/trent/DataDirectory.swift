import Foundation
import TrentCrypto

/// The files Trent keeps in its data directory, and the rules for creating them: the
/// directory is 0700 and every secret-bearing file 0600, created with that mode (never
/// chmod-ed after the secret is already on disk).
struct DataDirectory {
    let path: String

    var databasePath: String { path + "/trent.sqlite" }
    var defaultRootKeyPath: String { path + "/root.key" }
    var credentialsPath: String { path + "/credentials" }
    var auditLogPath: String { path + "/audit.log" }
    var nodeIdPath: String { path + "/node-id" }

    /// This node's id, made once and kept in the data directory, so a node keeps its name
    /// across restarts and every node on a shared store has its own.
    func nodeId() throws -> String {
        if let data = FileManager.default.contents(atPath: nodeIdPath),
           let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
           NodeId.isValid(text) {
            return text
        }
        let id = "node-" + SecureRandom.hex(6)
        try Self.writeSecretFile(nodeIdPath, Array((id + "\n").utf8))
        return id
    }

    func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    var hasDatabase: Bool { FileManager.default.fileExists(atPath: databasePath) }

    /// Writes `contents` to a new file that is 0600 from its first byte, replacing any old one
    /// atomically.
    static func writeSecretFile(_ path: String, _ contents: [UInt8]) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard fd >= 0 else { throw TrentStartupError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < contents.count {
            let n = contents[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                close(fd)
                throw TrentStartupError("cannot write \(temporary): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(temporary, path) == 0 else { throw TrentStartupError("cannot rename \(temporary) to \(path)") }
    }

    /// Reads the root key file, or creates one when `createIfMissing`.
    static func loadRootKey(at path: String, createIfMissing: Bool) throws -> RootKey {
        if let data = FileManager.default.contents(atPath: path) {
            return try RootKey(bytes: Array(data))
        }
        guard createIfMissing else {
            throw TrentStartupError("root key file \(path) is missing; the data in this directory cannot be opened without it")
        }
        let bytes = RootKey.generate()
        try writeSecretFile(path, bytes)
        return try RootKey(bytes: bytes)
    }
}

struct TrentStartupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
