import Foundation
import TrentAPI

/// Reads the `--config` file; `IdentityConfigFile` (TrentAPI) parses it.
enum IdentityConfig {
    static func load(path: String, environment: [String: String]) throws -> IdentityDefinitions {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrentStartupError("cannot read configuration file \(path)")
        }
        do {
            return try IdentityConfigFile.parse(String(decoding: data, as: UTF8.self), environment: environment)
        } catch {
            throw TrentStartupError("\(path): \(error.description)")
        }
    }
}
