import TrentDomain

/// How an operation runs, registered once per operation: the table is the dispatcher, so an
/// operation cannot be listed as waiting in one place and dispatched in another.
enum OperationRunner: Sendable {
    /// Memory and CPU only: answered on the caller's thread with no suspension point.
    case immediate(@Sendable (KMSService, JSONObject, RequestContext) throws -> JSONValue)
    /// Waits on the store or on a key-generation thread.
    case waiting(@Sendable (KMSService, JSONObject, RequestContext) async throws -> JSONValue)
    /// In the API model but not built yet: AWS's UnsupportedOperationException, after authorization.
    case unsupported
}

/// What authorises an operation before it runs. Operations on keys are authorised by the
/// resolver, the only way to reach a key; the others say here what they need, and the table
/// test checks that every one of the 54 operations has an entry.
enum OperationAuthorization: Sendable {
    /// Each key the operation touches is authorised as the resolver hands it out.
    case perKey
    /// No key resource: identity policies on `"*"` decide before the operation runs.
    case accountWide
    /// Authorised inside the operation by rules of its own (alias resource plus key; grants).
    case custom
}

struct OperationEntry: Sendable {
    let runner: OperationRunner
    let authorization: OperationAuthorization
}

enum OperationTable {
    static func entry(_ operation: KMSOperation) -> OperationEntry {
        entries[operation] ?? OperationEntry(runner: .unsupported, authorization: .accountWide)
    }

    /// Every operation of the model; a missing one is a test failure (OperationTableTests).
    static let entries: [KMSOperation: OperationEntry] = {
        func now(_ run: @escaping @Sendable (KMSService, JSONObject, RequestContext) throws -> JSONValue, _ a: OperationAuthorization = .perKey) -> OperationEntry {
            OperationEntry(runner: .immediate(run), authorization: a)
        }
        func wait(_ run: @escaping @Sendable (KMSService, JSONObject, RequestContext) async throws -> JSONValue, _ a: OperationAuthorization = .perKey) -> OperationEntry {
            OperationEntry(runner: .waiting(run), authorization: a)
        }
        let unsupportedAccountWide = OperationEntry(runner: .unsupported, authorization: .accountWide)
        return [
            .createKey: wait({ try await $0.createKey($1, $2) }, .accountWide),
            .describeKey: now { try $0.describeKey($1, $2) },
            .listKeys: now({ try $0.listKeys($1, $2) }, .accountWide),
            .enableKey: wait { try await $0.enableKey($1, $2) },
            .disableKey: wait { try await $0.disableKey($1, $2) },
            .updateKeyDescription: wait { try await $0.updateKeyDescription($1, $2) },
            .scheduleKeyDeletion: wait { try await $0.scheduleKeyDeletion($1, $2) },
            .cancelKeyDeletion: wait { try await $0.cancelKeyDeletion($1, $2) },
            .getKeyPolicy: now { try $0.getKeyPolicy($1, $2) },
            .listKeyPolicies: now { try $0.listKeyPolicies($1, $2) },
            .putKeyPolicy: wait { try await $0.putKeyPolicy($1, $2) },
            .createAlias: wait({ try await $0.createAlias($1, $2) }, .custom),
            .updateAlias: wait({ try await $0.updateAlias($1, $2) }, .custom),
            .deleteAlias: wait({ try await $0.deleteAlias($1, $2) }, .custom),
            .listAliases: now({ try $0.listAliases($1, $2) }, .accountWide),
            .tagResource: wait { try await $0.tagResource($1, $2) },
            .untagResource: wait { try await $0.untagResource($1, $2) },
            .listResourceTags: now { try $0.listResourceTags($1, $2) },
            .encrypt: now { try $0.encrypt($1, $2) },
            .decrypt: now { try $0.decrypt($1, $2) },
            .reEncrypt: now { try $0.reEncrypt($1, $2) },
            .generateDataKey: now { try $0.generateDataKey($1, $2, includePlaintext: true) },
            .generateDataKeyWithoutPlaintext: now { try $0.generateDataKey($1, $2, includePlaintext: false) },
            .generateDataKeyPair: wait { try await $0.generateDataKeyPair($1, $2, includePlaintext: true) },
            .generateDataKeyPairWithoutPlaintext: wait { try await $0.generateDataKeyPair($1, $2, includePlaintext: false) },
            .generateRandom: now({ try $0.generateRandom($1, $2) }, .accountWide),
            .sign: now { try $0.sign($1, $2) },
            .verify: now { try $0.verify($1, $2) },
            .getPublicKey: now { try $0.getPublicKey($1, $2) },
            .generateMac: now { try $0.generateMac($1, $2) },
            .verifyMac: now { try $0.verifyMac($1, $2) },
            .deriveSharedSecret: now { try $0.deriveSharedSecret($1, $2) },
            .createGrant: wait { try await $0.createGrant($1, $2) },
            .listGrants: now { try $0.listGrants($1, $2) },
            .listRetirableGrants: now({ try $0.listRetirableGrants($1, $2) }, .accountWide),
            .retireGrant: wait({ try await $0.retireGrant($1, $2) }, .custom),
            .revokeGrant: wait { try await $0.revokeGrant($1, $2) },
            .enableKeyRotation: wait { try await $0.enableKeyRotation($1, $2) },
            .disableKeyRotation: wait { try await $0.disableKeyRotation($1, $2) },
            .getKeyRotationStatus: now { try $0.getKeyRotationStatus($1, $2) },
            .rotateKeyOnDemand: wait { try await $0.rotateKeyOnDemand($1, $2) },
            .listKeyRotations: now { try $0.listKeyRotations($1, $2) },
            .getParametersForImport: wait { try await $0.getParametersForImport($1, $2) },
            .importKeyMaterial: wait { try await $0.importKeyMaterial($1, $2) },
            .deleteImportedKeyMaterial: wait { try await $0.deleteImportedKeyMaterial($1, $2) },
            .replicateKey: wait { try await $0.replicateKey($1, $2) },
            .updatePrimaryRegion: wait { try await $0.updatePrimaryRegion($1, $2) },
            .getKeyLastUsage: now { try $0.getKeyLastUsage($1, $2) },
            // Custom key stores: authorised like AWS (so a denied caller learns nothing
            // more), then refused as unsupported.
            .connectCustomKeyStore: unsupportedAccountWide, .createCustomKeyStore: unsupportedAccountWide,
            .deleteCustomKeyStore: unsupportedAccountWide, .describeCustomKeyStores: unsupportedAccountWide,
            .disconnectCustomKeyStore: unsupportedAccountWide, .updateCustomKeyStore: unsupportedAccountWide,
        ]
    }()
}
