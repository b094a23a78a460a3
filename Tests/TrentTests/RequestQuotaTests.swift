import Foundation
import Testing
@testable import TrentAPI
import TrentDomain

@Suite struct RequestQuotaTests {
    @Test func requestsCountAgainstAWSsCategories() {
        #expect(QuotaCategory.of(.encrypt, keySpec: .symmetricDefault, keyPairSpec: nil) == .symmetricCryptographic)
        #expect(QuotaCategory.of(.decrypt, keySpec: nil, keyPairSpec: nil) == .symmetricCryptographic)
        #expect(QuotaCategory.of(.decrypt, keySpec: .rsa3072, keyPairSpec: nil) == .rsa)
        #expect(QuotaCategory.of(.sign, keySpec: .eccNistP256, keyPairSpec: nil) == .ecc)
        #expect(QuotaCategory.of(.verify, keySpec: .sm2, keyPairSpec: nil) == .sm)
        #expect(QuotaCategory.of(.generateMac, keySpec: .hmac256, keyPairSpec: nil) == .symmetricCryptographic)
        #expect(QuotaCategory.of(.generateDataKeyPair, keySpec: .symmetricDefault, keyPairSpec: "RSA_4096") == .generateDataKeyPairRsa4096)
        #expect(QuotaCategory.of(.generateDataKeyPairWithoutPlaintext, keySpec: nil, keyPairSpec: "ECC_NIST_P384") == .generateDataKeyPairEcc)
        #expect(QuotaCategory.of(.createKey, keySpec: nil, keyPairSpec: nil) == .createKey)
        // Operations AWS gives no quota.
        #expect(QuotaCategory.of(.deriveSharedSecret, keySpec: .eccNistP256, keyPairSpec: nil) == nil)
        #expect(QuotaCategory.of(.rotateKeyOnDemand, keySpec: nil, keyPairSpec: nil) == nil)
        #expect(QuotaCategory.symmetricCryptographic.awsDefault(region: "us-east-1") == 50_000)
        #expect(QuotaCategory.symmetricCryptographic.awsDefault(region: "eu-central-1") == 10_000)
        #expect(QuotaCategory.symmetricCryptographic.awsDefault(region: "sa-east-1") == 5_500)
        #expect(QuotaCategory.getParametersForImport.awsDefault(region: "us-east-1") == 0.25)
    }

    @Test func aBucketHoldsOneSecondAndRefillsAtTheRate() async throws {
        let limiter = RequestLimiter()
        let key = RequestLimiter.BucketKey(account: "111122223333", region: "us-east-1", category: .createKey)
        let taken = (0 ..< 10).map { _ in limiter.take(key, rate: 5, share: 1) }
        #expect(taken.filter { $0 }.count == 5)
        try await Task.sleep(for: .milliseconds(450))
        #expect(limiter.take(key, rate: 5, share: 1))
        // Another account, Region or category has its own bucket.
        #expect(limiter.take(RequestLimiter.BucketKey(account: "444455556666", region: "us-east-1", category: .createKey), rate: 5, share: 1))
        // Half a share among two nodes: half the burst.
        let shared = RequestLimiter.BucketKey(account: "111122223333", region: "us-east-1", category: .describeKey)
        #expect((0 ..< 10).map { _ in limiter.take(shared, rate: 8, share: 0.5) }.filter { $0 }.count == 4)
    }

    @Test func configurationNamesQuotasOrRefusesThePlace() throws {
        let good = try IdentityConfigFile.parse("""
            accounts:
              - id: "111122223333"
                quotas: {symmetricCryptographic: 20, rsa: 5, createKey: 2}
              - id: "444455556666"
                quotas: aws-default
            """, environment: [:])
        #expect(good.accounts[0].quotas?.rate(.createKey, region: "us-east-1") == 2)
        #expect(good.accounts[0].quotas?.rate(.describeKey, region: "us-east-1") == nil)
        #expect(good.accounts[1].quotas?.rate(.describeKey, region: "us-east-1") == 2_000)
        for (text, path) in [
            ("quotas: {createKeys: 2}", "accounts[0].quotas"),
            ("quotas: {createKey: -1}", "accounts[0].quotas.createKey"),
            ("quotas: {createKey: many}", "accounts[0].quotas.createKey"),
            ("quotas: unlimited", "accounts[0].quotas"),
        ] {
            #expect(throws: IdentityDefinitionError.self) {
                try IdentityConfigFile.parse("accounts:\n  - id: \"111122223333\"\n    \(text)\n", environment: [:])
            }
            do {
                _ = try IdentityConfigFile.parse("accounts:\n  - id: \"111122223333\"\n    \(text)\n", environment: [:])
            } catch {
                #expect(error.path.hasPrefix(path), "\(text): \(error)")
            }
        }
    }
}
