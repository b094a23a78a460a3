import Testing
@testable import TrentAPI
import TrentDomain

@Suite struct OperationTableTests {
    @Test func everyOperationOfTheModelHasAnEntry() {
        for operation in KMSOperation.allCases {
            #expect(OperationTable.entries[operation] != nil, "no table entry for \(operation.rawValue)")
        }
        #expect(OperationTable.entries.count == KMSOperation.allCases.count)
    }

    @Test func writesWaitAndCryptographyDoesNot() {
        func waits(_ operation: KMSOperation) -> Bool {
            if case .waiting = OperationTable.entry(operation).runner { return true }
            return false
        }
        for operation in [KMSOperation.createKey, .putKeyPolicy, .createGrant, .retireGrant, .revokeGrant, .createAlias, .generateDataKeyPair] {
            #expect(waits(operation), "\(operation.rawValue) writes or generates a key pair")
        }
        for operation in [KMSOperation.encrypt, .decrypt, .reEncrypt, .generateDataKey, .sign, .describeKey, .listGrants] {
            #expect(!waits(operation), "\(operation.rawValue) must be answered on the event loop")
        }
    }

    @Test func operationsWithoutAKeyAreAuthorisedAccountWide() {
        for operation in [KMSOperation.createKey, .listKeys, .listAliases, .generateRandom, .listRetirableGrants, .createCustomKeyStore] {
            guard case .accountWide = OperationTable.entry(operation).authorization else {
                Issue.record("\(operation.rawValue) has no key and must be authorised on identity policies")
                continue
            }
        }
    }

    @Test func actionsAndTheirGrantAndCrossAccountRules() {
        #expect(KMSAction(.encrypt).name == "kms:Encrypt")
        #expect(KMSAction(.encrypt).grantOperation == "Encrypt")
        #expect(KMSAction(.encrypt).crossAccount)
        #expect(KMSAction(.putKeyPolicy).grantOperation == nil)
        #expect(!KMSAction(.putKeyPolicy).crossAccount)
        #expect(!KMSAction(.scheduleKeyDeletion).crossAccount)
        #expect(KMSAction(.revokeGrant).crossAccount && KMSAction(.revokeGrant).grantOperation == nil)
        #expect(KMSAction.reEncryptFrom.name == "kms:ReEncryptFrom" && KMSAction.reEncryptFrom.grantOperation == "ReEncryptFrom")
        #expect(KMSAction.reEncryptTo.crossAccount)
    }
}
