/// The enumerations of the KMS API model that describe a key. Raw values are the wire strings.

public enum KeyState: String, Sendable, Codable, CaseIterable {
    case creating = "Creating"
    case enabled = "Enabled"
    case disabled = "Disabled"
    case pendingDeletion = "PendingDeletion"
    case pendingImport = "PendingImport"
    case pendingReplicaDeletion = "PendingReplicaDeletion"
    case unavailable = "Unavailable"
    case updating = "Updating"
}

public enum KeySpec: String, Sendable, Codable, CaseIterable {
    case symmetricDefault = "SYMMETRIC_DEFAULT"
    case rsa2048 = "RSA_2048", rsa3072 = "RSA_3072", rsa4096 = "RSA_4096"
    case eccNistP256 = "ECC_NIST_P256", eccNistP384 = "ECC_NIST_P384", eccNistP521 = "ECC_NIST_P521"
    case eccSecgP256k1 = "ECC_SECG_P256K1"
    case eccNistEdwards25519 = "ECC_NIST_EDWARDS25519"
    case hmac224 = "HMAC_224", hmac256 = "HMAC_256", hmac384 = "HMAC_384", hmac512 = "HMAC_512"
    case sm2 = "SM2"
    case mlDsa44 = "ML_DSA_44", mlDsa65 = "ML_DSA_65", mlDsa87 = "ML_DSA_87"
}

public enum KeyUsage: String, Sendable, Codable, CaseIterable {
    case encryptDecrypt = "ENCRYPT_DECRYPT"
    case signVerify = "SIGN_VERIFY"
    case generateVerifyMac = "GENERATE_VERIFY_MAC"
    case keyAgreement = "KEY_AGREEMENT"
}

public enum KeyOrigin: String, Sendable, Codable, CaseIterable {
    case awsKMS = "AWS_KMS"
    case external = "EXTERNAL"
    case awsCloudHSM = "AWS_CLOUDHSM"
    case externalKeyStore = "EXTERNAL_KEY_STORE"
}

public enum KeyManager: String, Sendable, Codable {
    case aws = "AWS"
    case customer = "CUSTOMER"
}

public enum EncryptionAlgorithm: String, Sendable, Codable, CaseIterable {
    case symmetricDefault = "SYMMETRIC_DEFAULT"
    case rsaesOaepSha1 = "RSAES_OAEP_SHA_1"
    case rsaesOaepSha256 = "RSAES_OAEP_SHA_256"
    case sm2pke = "SM2PKE"
}
