import Foundation

/// Published test vectors live in `../shared/testdata/` beside the checkout; tests read them
/// at run time and never copy them into the repository.
enum TestData {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static var sharedTestData: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "published test vectors not found at \(path): these tests need ../shared/testdata beside the checkout" }
    }

    static func json(_ relativePath: String) throws -> Any {
        let url = sharedTestData.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: url.path) }
        return try JSONSerialization.jsonObject(with: data)
    }

    static func hex(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while chars.count >= 2 {
            out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
            chars = chars.dropFirst(2)
        }
        return out
    }
}
