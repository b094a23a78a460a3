import Foundation
import TrentCrypto
import TrentDomain
import TrentStorage

extension KMSService {
    /// The time import parameters and ValidTo are judged by: the service clock the expiry
    /// scheduler runs on (end-to-end tests move it forward), never behind the request's.
    func importClock(_ c: RequestContext) -> Date { max(c.now, clock.now()) }

    static func originNotExternal(_ record: KeyRecord) -> KMSError {
        .unsupported("\(record.arn) origin is \(record.origin.rawValue) which is not valid for this operation.")
    }

    func getParametersForImport(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        let record = live.record
        guard record.origin == .external else { throw Self.originNotExternal(record) }
        let algorithm = p.string("WrappingAlgorithm") ?? ""
        let spec = p.string("WrappingKeySpec") ?? ""
        try ImportWrapping.check(algorithm: algorithm, wrappingKeySpec: spec, keySpec: record.keySpec, region: c.region)
        guard let kind = KeyPairKind(rawValue: spec) else { throw KMSError.internalFailure }
        let wrappingKey = try await BlockingWork.run { () throws(AsymmetricFailure) in try KeyPairs.generate(kind) }
        let validTo = importClock(c).addingTimeInterval(ImportToken.validity)
        let token = ImportToken(
            keyArn: record.arn, keyCreationDate: record.creationDate, wrappingAlgorithm: algorithm, wrappingKeySpec: spec, validTo: validTo,
            wrappingPrivateKeyDER: wrappingKey.privateKeyDER
        )
        return Wire.object([
            ("KeyId", .string(record.arn)),
            ("ImportToken", Wire.blob(try token.sealed(vault.rootKey))),
            ("PublicKey", Wire.blob(wrappingKey.publicKeyDER)),
            ("ParametersValidTo", Wire.date(validTo)),
        ])
    }

    func importKeyMaterial(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        let record = live.record
        guard record.origin == .external else { throw Self.originNotExternal(record) }
        let now = importClock(c)
        let request = try ImportRequest(p, keySpec: record.keySpec, now: now)
        let token = try ImportToken.open(p.blob("ImportToken") ?? [], rootKey: vault.rootKey)
        guard token.keyArn == record.arn,
              abs(token.keyCreationDate.timeIntervalSince(record.creationDate)) < 0.001
        else { throw ImportToken.invalid }
        guard token.validTo > now else { throw ImportToken.expired }
        let plaintext = try ImportWrapping.unwrap(p.blob("EncryptedKeyMaterial") ?? [], token: token)
        let material = try ImportedMaterialFormat.parse(plaintext, keySpec: record.keySpec)
        let materialId = importedIds.materialId(keyId: record.keyId, material: material.sealableBytes)
        if let given = request.materialId, given != materialId { throw ImportedMaterialFormat.incorrect }
        let sealed = try vault.seal(material, keyArn: record.arn, materialId: materialId, at: c.now)
        let symmetric = record.keySpec == .symmetricDefault
        try await serialisingSet(of: record) {
            try await self.commitImport(live.address, request, materialId: materialId, material: material, sealed: sealed, at: c.now)
        }
        var fields: [(String, JSONValue)] = [("KeyId", .string(record.arn))]
        if symmetric { fields.append(("KeyMaterialId", .string(materialId))) }
        return Wire.object(fields)
    }

    /// Commits an import. Within a multi-Region set (whose lock the caller holds) the set's
    /// version lists stay one list: a replica learns the versions its primary gained since it
    /// was made, and new material imported into the primary is named at once on every replica
    /// (with no material there), so each replica accepts only that material as it.
    private func commitImport(
        _ address: KeyAddress, _ request: ImportRequest, materialId: String, material: KeyMaterial,
        sealed: SealedMaterial, at now: Date
    ) async throws {
        guard let live = keys[address] else { throw KMSError.internalFailure }
        let record = live.record
        let symmetric = record.keySpec == .symmetricDefault
        let primary = primaryRecord(of: record)
        let primaryVersions = (primary?.materialVersions ?? []).map(Self.withoutMaterial)
        let primaryCurrent = primary?.currentMaterialId ?? ""
        let replicas = replicaAddresses(of: record)
        try await commitKeys([address] + replicas, opened: [materialId: material]) { rows throws(KMSError) in
            guard let row = rows.first ?? nil else { throw KeyResolver.keyNotFound(record.arn) }
            try KeyStateTable.check(.importKeyMaterial, state: row.state, keyArn: row.arn)
            var next = row
            if next.multiRegionType == .replica {
                for version in primaryVersions where next.version(version.materialId) == nil {
                    next.materialVersions.append(version)
                }
                if next.currentMaterialId.isEmpty { next.currentMaterialId = primaryCurrent }
            }
            try Self.applyImport(request, materialId: materialId, symmetric: symmetric, at: now, to: &next)
            var writes = [KeyWrite(record: next, addedMaterials: [sealed])]
            if let added = next.version(materialId), row.version(materialId) == nil {
                for case var replica? in rows.dropFirst() where replica.version(materialId) == nil {
                    replica.materialVersions.append(Self.withoutMaterial(added))
                    if replica.currentMaterialId.isEmpty, !added.pendingRotation { replica.currentMaterialId = materialId }
                    writes.append(KeyWrite(record: replica))
                }
            }
            return writes
        }
    }

    static func withoutMaterial(_ version: MaterialVersion) -> MaterialVersion {
        var copy = version
        if let imported = copy.imported { copy.imported = deleted(imported) }
        return copy
    }

    /// The version bookkeeping of one import, checked against the committed record: a first
    /// import makes the material current; a re-import must be material the key already names;
    /// NEW_KEY_MATERIAL on a symmetric key adds a version that waits for RotateKeyOnDemand.
    static func applyImport(_ request: ImportRequest, materialId: String, symmetric: Bool, at now: Date, to record: inout KeyRecord) throws(KMSError) {
        let known = record.materialVersions.firstIndex { $0.materialId == materialId }
        let type = request.importType ?? (record.materialVersions.isEmpty ? .new : .existing)
        let imported = ImportedMaterial(
            description: request.description ?? known.flatMap { record.materialVersions[$0].imported?.description },
            present: true, expirationModel: request.expirationModel, validTo: request.validTo
        )
        switch (type, known) {
        case (.existing, let index?):
            record.materialVersions[index].imported = imported
        case (.existing, nil):
            throw ImportedMaterialFormat.incorrect
        case (.new, _?):
            throw KMSError("IncorrectKeyMaterialException", "The key material was already imported into \(record.arn). Import it with ImportType EXISTING_KEY_MATERIAL.")
        case (.new, nil):
            guard record.materialVersions.isEmpty || symmetric else { throw ImportedMaterialFormat.incorrect }
            // A replica's first material may come before its primary's (both must be the same
            // material, which the shared key id makes the same KeyMaterialId); later ones only
            // through the primary.
            if record.multiRegionType == .replica, !record.materialVersions.isEmpty {
                throw KMSError.unsupported("New key material can be imported only into the multi-Region primary key. Import it into the replica with ImportType EXISTING_KEY_MATERIAL.")
            }
            let first = record.materialVersions.isEmpty
            record.materialVersions.append(MaterialVersion(materialId: materialId, createdAt: now, pendingRotation: !first, imported: imported))
            if first { record.currentMaterialId = materialId }
        }
        if record.state == .pendingImport, materialId == record.currentMaterialId { record.state = .enabled }
    }

    func deleteImportedKeyMaterial(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        let record = live.record
        guard record.origin == .external else { throw Self.originNotExternal(record) }
        let symmetric = record.keySpec == .symmetricDefault
        if p.string("KeyMaterialId") != nil, !symmetric {
            throw KMSError.validation("KeyMaterialId is valid only for symmetric encryption keys.")
        }
        let target = p.string("KeyMaterialId") ?? record.currentMaterialId
        let written = try await commitKeys([live.address]) { rows throws(KMSError) in
            guard let row = rows.first ?? nil else { throw KeyResolver.keyNotFound(record.arn) }
            try KeyStateTable.check(.deleteImportedKeyMaterial, state: row.state, keyArn: row.arn)
            // A key with no material at all: nothing to delete, and no error.
            if row.materialVersions.isEmpty { return [] }
            guard let index = row.materialVersions.firstIndex(where: { $0.materialId == target }) else {
                throw KMSError.notFound("Key material with ID \(target) does not exist for \(row.arn).")
            }
            var next = row
            if let imported = next.materialVersions[index].imported { next.materialVersions[index].imported = Self.deleted(imported) }
            if target == row.currentMaterialId, row.state == .enabled || row.state == .disabled { next.state = .pendingImport }
            return [KeyWrite(record: next, removedMaterials: [target])]
        }
        var fields: [(String, JSONValue)] = [("KeyId", .string(record.arn))]
        if symmetric, let id = (written.first?.materialVersions.contains { $0.materialId == target } ?? false) ? target : nil {
            fields.append(("KeyMaterialId", .string(id)))
        }
        return Wire.object(fields)
    }
}

/// ImportKeyMaterial's own parameters, checked as AWS checks them.
struct ImportRequest: Sendable {
    enum ImportType: Sendable { case new, existing }

    let expirationModel: ExpirationModel
    let validTo: Date?
    let importType: ImportType?
    let description: String?
    let materialId: String?

    static let maxValidity: TimeInterval = 365 * 86_400

    init(_ p: JSONObject, keySpec: KeySpec, now: Date) throws(KMSError) {
        expirationModel = ExpirationModel(rawValue: p.string("ExpirationModel") ?? "KEY_MATERIAL_EXPIRES") ?? .expires
        let validTo = p.double("ValidTo").map(Date.init(timeIntervalSince1970:))
        switch (expirationModel, validTo) {
        case (.expires, nil):
            throw .validation("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES")
        case (.doesNotExpire, _?):
            throw .validation("A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE")
        case (.expires, let date?):
            guard date > now else { throw .validation("The validTo date must be in the future.") }
            guard date.timeIntervalSince(now) <= Self.maxValidity else {
                throw .validation("The validTo date must be no more than 365 days from the current date.")
            }
        case (.doesNotExpire, nil):
            break
        }
        self.validTo = validTo
        switch p.string("ImportType") {
        case "NEW_KEY_MATERIAL"?: importType = .new
        case "EXISTING_KEY_MATERIAL"?: importType = .existing
        default: importType = nil
        }
        description = p.string("KeyMaterialDescription")
        materialId = p.string("KeyMaterialId")
        if keySpec != .symmetricDefault, importType != nil || description != nil || materialId != nil {
            throw .validation("ImportType, KeyMaterialDescription and KeyMaterialId are valid only for symmetric encryption keys.")
        }
        if importType == .new, materialId != nil {
            throw .validation("You cannot specify a KeyMaterialId with ImportType NEW_KEY_MATERIAL.")
        }
    }
}
