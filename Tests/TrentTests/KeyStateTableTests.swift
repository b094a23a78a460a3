import Testing
@testable import TrentDomain

@Suite struct KeyStateTableTests {
    let arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

    @Test func cryptoOperationsOnEachState() {
        for operation in [KMSOperation.encrypt, .decrypt, .reEncrypt, .generateDataKey, .generateDataKeyWithoutPlaintext] {
            #expect(throws: Never.self) { try KeyStateTable.check(operation, state: .enabled, keyArn: arn) }
            #expect(throws: KMSError("DisabledException", "\(arn) is disabled.")) { try KeyStateTable.check(operation, state: .disabled, keyArn: arn) }
            #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is pending deletion.")) { try KeyStateTable.check(operation, state: .pendingDeletion, keyArn: arn) }
            #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is pending replica deletion.")) { try KeyStateTable.check(operation, state: .pendingReplicaDeletion, keyArn: arn) }
            #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is pending import.")) { try KeyStateTable.check(operation, state: .pendingImport, keyArn: arn) }
            #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is unavailable.")) { try KeyStateTable.check(operation, state: .unavailable, keyArn: arn) }
            #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is creating.")) { try KeyStateTable.check(operation, state: .creating, keyArn: arn) }
            #expect(throws: Never.self) { try KeyStateTable.check(operation, state: .updating, keyArn: arn) }
        }
    }

    @Test func managementRows() {
        #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is not pending deletion.")) { try KeyStateTable.check(.cancelKeyDeletion, state: .enabled, keyArn: arn) }
        #expect(throws: Never.self) { try KeyStateTable.check(.cancelKeyDeletion, state: .pendingDeletion, keyArn: arn) }
        for operation in [KMSOperation.enableKey, .disableKey, .updateKeyDescription, .tagResource, .untagResource, .createAlias, .scheduleKeyDeletion] {
            #expect(throws: KMSError.self) { try KeyStateTable.check(operation, state: .pendingDeletion, keyArn: arn) }
            #expect(throws: Never.self) { try KeyStateTable.check(operation, state: .disabled, keyArn: arn) }
        }
        #expect(throws: KMSError("KMSInvalidStateException", "\(arn) is updating.")) { try KeyStateTable.check(.scheduleKeyDeletion, state: .updating, keyArn: arn) }
    }

    @Test func alwaysAllowed() {
        for operation in [KMSOperation.describeKey, .getKeyPolicy, .putKeyPolicy, .deleteAlias, .listResourceTags, .listKeyPolicies, .retireGrant, .revokeGrant] {
            for state in KeyState.allCases {
                #expect(throws: Never.self, "\(operation) in \(state)") { try KeyStateTable.check(operation, state: state, keyArn: arn) }
            }
        }
    }

    @Test func conditionalCellsAreLeftToTheOperation() {
        #expect(KeyStateTable.cell(.updateAlias, .pendingDeletion) == .conditional)
        #expect(KeyStateTable.cell(.enableKey, .unavailable) == .conditional)
        #expect(KeyStateTable.cell(.getKeyRotationStatus, .pendingImport) == .externalOrigin)
    }

    @Test func everyKeyOperationHasARow() {
        let keyless: Set<KMSOperation> = [
            .createKey, .listKeys, .generateRandom, .listRetirableGrants, .createCustomKeyStore, .connectCustomKeyStore,
            .deleteCustomKeyStore, .describeCustomKeyStores, .disconnectCustomKeyStore, .updateCustomKeyStore,
        ]
        for operation in KMSOperation.allCases where !keyless.contains(operation) {
            #expect(KeyStateTable.rows[operation] != nil, "\(operation) has no row")
        }
    }
}
