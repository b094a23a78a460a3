import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the data directory and its root key."
    )

    @Option(name: .long, help: "Data directory.")
    var dataDir: String = "./trent-data"

    func run() throws {
        umask(0o077)
        let directory = DataDirectory(path: dataDir)
        try directory.create()
        let path = ProcessInfo.processInfo.environment["TRENT_ROOT_KEY_FILE"] ?? directory.defaultRootKeyPath
        if FileManager.default.fileExists(atPath: path) {
            print("root key already exists at \(path); leaving it unchanged")
            return
        }
        _ = try DataDirectory.loadRootKey(at: path, createIfMissing: true)
        print("created root key \(path) (mode 0600); back it up: without it the keys in \(dataDir) cannot be recovered")
    }
}
