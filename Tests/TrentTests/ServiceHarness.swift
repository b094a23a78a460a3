import Foundation
import TrentJSON
import Logging
@testable import TrentAPI
import TrentCrypto
import TrentDomain
import TrentStorage
import TrentAuth
import TrentPolicy

/// A KMSService over a fresh SQLite store in a temporary directory, driven the way the HTTP
/// layer drives it: operation name plus JSON body.
struct ServiceHarness {
    let directory: URL
    let rootKeyBytes: [UInt8]
    let store: SQLiteStore
    let service: KMSService
    let context: RequestContext

    static func make(
        directory: URL? = nil, rootKeyBytes: [UInt8]? = nil, clock: any WallClock = SystemClock(),
        options: ServiceOptions = ServiceOptions()
    ) async throws -> ServiceHarness {
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("trent-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bytes = rootKeyBytes ?? RootKey.generate()
        let store = try SQLiteStore(path: dir.appendingPathComponent("trent.sqlite").path)
        let rootKey = try RootKey(bytes: bytes)
        let service = try await KMSService.open(
            store: store, rootKey: rootKey, identities: identities(rootKey), logger: Logger(label: "test"), clock: clock, options: options
        )
        let context = adminContext(account: "111122223333")
        return ServiceHarness(directory: dir, rootKeyBytes: bytes, store: store, service: service, context: context)
    }

    static func identities(_ rootKey: RootKey) -> IdentityRegistry {
        IdentityRegistry(.empty, sessions: SessionTokens(rootKey: rootKey))
    }

    /// A caller whose identity policy allows everything, like the bootstrap admin.
    static func adminContext(account: String, user: String = "admin") -> RequestContext {
        let policy = try! CompiledPolicy.compile(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, kind: .identity)
        let caller = Credential(
            accessKeyId: "AKIATEST\(user.uppercased())", secretAccessKey: String(repeating: "s", count: 40),
            principal: .user(account: account, name: user), policies: [(name: "admin", policy: policy)]
        )
        return RequestContext(requestId: "test", caller: caller, region: "us-east-1")
    }

    func call(_ operation: String, _ json: String, context: RequestContext? = nil) async throws(KMSError) -> JSONObject {
        let body = try JSONParser.parse(Array(json.utf8))
        let result = try await service.handle(operation: operation, body: body, context: context ?? self.context)
        guard case .object(let object) = result else { fatalError("response is not an object") }
        return object
    }

    func createKey() async throws -> String {
        let created = try await call("CreateKey", "{}")
        guard case .object(let metadata)? = created["KeyMetadata"], let id = metadata.string("KeyId") else {
            fatalError("CreateKey returned no KeyId")
        }
        return id
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    static func b64(_ bytes: [UInt8]) -> String { Base64.encode(bytes) }
}
