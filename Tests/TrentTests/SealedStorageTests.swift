import Foundation
import Testing
@testable import TrentAPI
import TrentDomain
import TrentStorage

/// No plaintext key byte may reach the disk: not a key's material, not a data key, not the
/// root key. Creates keys through the service layer, then scans every file SQLite wrote.
@Suite struct SealedStorageTests {
    @Test func noMaterialOrRootKeyInDatabaseFiles() async throws {
        let harness = try await ServiceHarness.make()
        defer { harness.remove() }
        var ids: [String] = []
        for _ in 0 ..< 8 { ids.append(try await harness.createKey()) }
        var secrets: [[UInt8]] = [harness.rootKeyBytes]
        for id in ids {
            let live = try #require(harness.service.keys[.init(account: "111122223333", region: "us-east-1", keyId: id)])
            for material in live.materials.values {
                secrets.append(try #require(material.material).sealableBytes)
            }
            let dataKey = try await harness.call("GenerateDataKey", #"{"KeyId":"\#(id)","KeySpec":"AES_256"}"#)
            secrets.append(try #require(dataKey.blob("Plaintext")))
        }
        #expect(secrets.count == 1 + 8 + 8)
        try harness.store.close()

        let files = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path)
        #expect(files.contains("trent.sqlite"))
        var scanned = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: harness.directory.appendingPathComponent(file)))
            scanned += bytes.count
            for secret in secrets {
                #expect(!contains(bytes, secret), "secret bytes found in \(file)")
            }
        }
        #expect(scanned > 0)
    }

    @Test func scannerFindsWhatIsThere() {
        // The scan above is only meaningful if `contains` works.
        #expect(contains([1, 2, 3, 4, 5], [3, 4]))
        #expect(!contains([1, 2, 3, 4, 5], [4, 3]))
    }

    @Test func keysAndCiphertextsSurviveReopen() async throws {
        let harness = try await ServiceHarness.make()
        defer { harness.remove() }
        let id = try await harness.createKey()
        let encrypted = try await harness.call("Encrypt", #"{"KeyId":"\#(id)","Plaintext":"aGVsbG8="}"#)
        let blob = try #require(encrypted.string("CiphertextBlob"))
        try harness.store.close()

        let reopened = try await ServiceHarness.make(directory: harness.directory, rootKeyBytes: harness.rootKeyBytes)
        let decrypted = try await reopened.call("Decrypt", #"{"CiphertextBlob":"\#(blob)"}"#)
        #expect(decrypted.blob("Plaintext") == Array("hello".utf8))
    }

    @Test func wrongRootKeyCannotOpenMaterial() async throws {
        let harness = try await ServiceHarness.make()
        defer { harness.remove() }
        _ = try await harness.createKey()
        try harness.store.close()
        await #expect(throws: (any Error).self) {
            _ = try await ServiceHarness.make(directory: harness.directory, rootKeyBytes: [UInt8](repeating: 1, count: 32))
        }
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0 ... haystack.count - needle.count where haystack[start] == needle[0] {
            if haystack[start ..< start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
