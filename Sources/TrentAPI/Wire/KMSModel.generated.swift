// GENERATED FILE, do not edit: run `python3 scripts/gen_kms_model.py`.
// Source: botocore 1.43.11, data/kms/2014-11-01/service-2.json.gz.
// Shapes are sorted by name; fields are explained in KMSModel.swift.

extension KMSModel {
    static let botocoreVersion: String = "1.43.11"

    static let operations: [OperationSpec] = [
        OperationSpec(name: "CancelKeyDeletion", input: 6),
        OperationSpec(name: "ConnectCustomKeyStore", input: 9),
        OperationSpec(name: "CreateAlias", input: 10),
        OperationSpec(name: "CreateCustomKeyStore", input: 11),
        OperationSpec(name: "CreateGrant", input: 12),
        OperationSpec(name: "CreateKey", input: 13),
        OperationSpec(name: "Decrypt", input: 21),
        OperationSpec(name: "DeleteAlias", input: 22),
        OperationSpec(name: "DeleteCustomKeyStore", input: 23),
        OperationSpec(name: "DeleteImportedKeyMaterial", input: 24),
        OperationSpec(name: "DeriveSharedSecret", input: 25),
        OperationSpec(name: "DescribeCustomKeyStores", input: 26),
        OperationSpec(name: "DescribeKey", input: 27),
        OperationSpec(name: "DisableKey", input: 29),
        OperationSpec(name: "DisableKeyRotation", input: 30),
        OperationSpec(name: "DisconnectCustomKeyStore", input: 31),
        OperationSpec(name: "EnableKey", input: 34),
        OperationSpec(name: "EnableKeyRotation", input: 35),
        OperationSpec(name: "Encrypt", input: 36),
        OperationSpec(name: "GenerateDataKey", input: 44),
        OperationSpec(name: "GenerateDataKeyPair", input: 42),
        OperationSpec(name: "GenerateDataKeyPairWithoutPlaintext", input: 43),
        OperationSpec(name: "GenerateDataKeyWithoutPlaintext", input: 45),
        OperationSpec(name: "GenerateMac", input: 46),
        OperationSpec(name: "GenerateRandom", input: 47),
        OperationSpec(name: "GetKeyLastUsage", input: 48),
        OperationSpec(name: "GetKeyPolicy", input: 49),
        OperationSpec(name: "GetKeyRotationStatus", input: 50),
        OperationSpec(name: "GetParametersForImport", input: 51),
        OperationSpec(name: "GetPublicKey", input: 52),
        OperationSpec(name: "ImportKeyMaterial", input: 60),
        OperationSpec(name: "ListAliases", input: 71),
        OperationSpec(name: "ListGrants", input: 72),
        OperationSpec(name: "ListKeyPolicies", input: 73),
        OperationSpec(name: "ListKeyRotations", input: 74),
        OperationSpec(name: "ListKeys", input: 75),
        OperationSpec(name: "ListResourceTags", input: 76),
        OperationSpec(name: "ListRetirableGrants", input: 77),
        OperationSpec(name: "PutKeyPolicy", input: 90),
        OperationSpec(name: "ReEncrypt", input: 91),
        OperationSpec(name: "ReplicateKey", input: 94),
        OperationSpec(name: "RetireGrant", input: 95),
        OperationSpec(name: "RevokeGrant", input: 96),
        OperationSpec(name: "RotateKeyOnDemand", input: 97),
        OperationSpec(name: "ScheduleKeyDeletion", input: 99),
        OperationSpec(name: "Sign", input: 100),
        OperationSpec(name: "TagResource", input: 106),
        OperationSpec(name: "UntagResource", input: 109),
        OperationSpec(name: "UpdateAlias", input: 110),
        OperationSpec(name: "UpdateCustomKeyStore", input: 111),
        OperationSpec(name: "UpdateKeyDescription", input: 112),
        OperationSpec(name: "UpdatePrimaryRegion", input: 113),
        OperationSpec(name: "Verify", input: 115),
        OperationSpec(name: "VerifyMac", input: 114),
    ]

    static let shapes: [ShapeSpec] = {
        var rows: [ShapeSpec] = []
        rows.reserveCapacity(125)
        rows.append(ShapeSpec(name: "AccountIdType", kind: .string, min: 12, max: 12, pattern: 0, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "AlgorithmSpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 6, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "AliasNameType", kind: .string, min: 1, max: 256, pattern: 1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "AttestationDocumentType", kind: .blob, min: 1, max: 262144, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "BackingKeyIdType", kind: .string, min: 64, max: 64, pattern: 2, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "BooleanType", kind: .boolean, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CancelKeyDeletionRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CiphertextType", kind: .blob, min: 1, max: 6144, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CloudHsmClusterIdType", kind: .string, min: 19, max: 24, pattern: 3, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ConnectCustomKeyStoreRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 1, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CreateAliasRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 2, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CreateCustomKeyStoreRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 4, memberCount: 11, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CreateGrantRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 15, memberCount: 8, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CreateKeyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 23, memberCount: 11, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CustomKeyStoreIdType", kind: .string, min: 1, max: 64, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CustomKeyStoreNameType", kind: .string, min: 1, max: 256, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CustomKeyStoreType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 6, enumCount: 2, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "CustomerMasterKeySpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 8, enumCount: 13, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DataKeyPairSpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 21, enumCount: 9, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DataKeySpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 30, enumCount: 2, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DateType", kind: .timestamp, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DecryptRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 34, memberCount: 8, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DeleteAliasRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 42, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DeleteCustomKeyStoreRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 43, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DeleteImportedKeyMaterialRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 44, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DeriveSharedSecretRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 46, memberCount: 6, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DescribeCustomKeyStoresRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 52, memberCount: 4, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DescribeKeyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 56, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DescriptionType", kind: .string, min: 0, max: 8192, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DisableKeyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 58, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DisableKeyRotationRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 59, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DisconnectCustomKeyStoreRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 60, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DryRunModifierList", kind: .list, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: 33, key: -1, value: -1))
        rows.append(ShapeSpec(name: "DryRunModifierType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 32, enumCount: 1, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "EnableKeyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 61, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "EnableKeyRotationRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 62, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "EncryptRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 64, memberCount: 6, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "EncryptionAlgorithmSpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 33, enumCount: 4, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "EncryptionContextKey", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "EncryptionContextType", kind: .map, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: 38, value: 40))
        rows.append(ShapeSpec(name: "EncryptionContextValue", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ExpirationModelType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 37, enumCount: 2, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GenerateDataKeyPairRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 70, memberCount: 6, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GenerateDataKeyPairWithoutPlaintextRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 76, memberCount: 5, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GenerateDataKeyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 81, memberCount: 7, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GenerateDataKeyWithoutPlaintextRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 88, memberCount: 6, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GenerateMacRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 94, memberCount: 5, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GenerateRandomRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 99, memberCount: 3, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GetKeyLastUsageRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 102, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GetKeyPolicyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 103, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GetKeyRotationStatusRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 105, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GetParametersForImportRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 106, memberCount: 3, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GetPublicKeyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 109, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GrantConstraints", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 111, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GrantIdType", kind: .string, min: 1, max: 128, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GrantNameType", kind: .string, min: 1, max: 256, pattern: 1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GrantOperation", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 39, enumCount: 17, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GrantOperationList", kind: .list, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: 56, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GrantTokenList", kind: .list, min: 0, max: 10, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: 59, key: -1, value: -1))
        rows.append(ShapeSpec(name: "GrantTokenType", kind: .string, min: 1, max: 8192, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ImportKeyMaterialRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 113, memberCount: 8, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ImportType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 56, enumCount: 2, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "IncludeKeyMaterial", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 58, enumCount: 2, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "KeyAgreementAlgorithmSpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 60, enumCount: 1, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "KeyEncryptionMechanism", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 61, enumCount: 1, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "KeyIdType", kind: .string, min: 1, max: 2048, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "KeyMaterialDescriptionType", kind: .string, min: 0, max: 256, pattern: 4, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "KeySpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 62, enumCount: 17, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "KeyStorePasswordType", kind: .string, min: 7, max: 32, pattern: -1, enumStart: 0, enumCount: 0, sensitive: true, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "KeyUsageType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 79, enumCount: 4, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "LimitType", kind: .integer, min: 1, max: 1000, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ListAliasesRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 121, memberCount: 3, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ListGrantsRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 124, memberCount: 5, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ListKeyPoliciesRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 129, memberCount: 3, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ListKeyRotationsRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 132, memberCount: 4, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ListKeysRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 136, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ListResourceTagsRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 138, memberCount: 3, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ListRetirableGrantsRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 141, memberCount: 3, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "MacAlgorithmSpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 83, enumCount: 4, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "MarkerType", kind: .string, min: 1, max: 1024, pattern: 5, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "MessageType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 87, enumCount: 3, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "NullableBooleanType", kind: .boolean, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "NumberOfBytesType", kind: .integer, min: 1, max: 1024, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "OriginType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 90, enumCount: 4, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "PendingWindowInDaysType", kind: .integer, min: 1, max: 365, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "PlaintextType", kind: .blob, min: 1, max: 4096, pattern: -1, enumStart: 0, enumCount: 0, sensitive: true, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "PolicyNameType", kind: .string, min: 1, max: 128, pattern: 6, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "PolicyType", kind: .string, min: 1, max: 131072, pattern: 7, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "PrincipalIdType", kind: .string, min: 1, max: 256, pattern: 8, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "PublicKeyType", kind: .blob, min: 1, max: 8192, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "PutKeyPolicyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 144, memberCount: 4, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ReEncryptRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 148, memberCount: 10, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "RecipientInfo", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 158, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "RegionType", kind: .string, min: 1, max: 32, pattern: 9, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ReplicateKeyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 160, memberCount: 6, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "RetireGrantRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 166, memberCount: 4, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "RevokeGrantRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 170, memberCount: 3, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "RotateKeyOnDemandRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 173, memberCount: 1, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "RotationPeriodInDaysType", kind: .integer, min: 90, max: 2560, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "ScheduleKeyDeletionRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 174, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "SignRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 176, memberCount: 6, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "SigningAlgorithmSpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 94, enumCount: 13, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "Tag", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 182, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "TagKeyList", kind: .list, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: 104, key: -1, value: -1))
        rows.append(ShapeSpec(name: "TagKeyType", kind: .string, min: 1, max: 128, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "TagList", kind: .list, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: 102, key: -1, value: -1))
        rows.append(ShapeSpec(name: "TagResourceRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 184, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "TagValueType", kind: .string, min: 0, max: 256, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "TrustAnchorCertificateType", kind: .string, min: 1, max: 5000, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "UntagResourceRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 186, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "UpdateAliasRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 188, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "UpdateCustomKeyStoreRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 190, memberCount: 10, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "UpdateKeyDescriptionRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 200, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "UpdatePrimaryRegionRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 202, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "VerifyMacRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 204, memberCount: 6, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "VerifyRequest", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 210, memberCount: 7, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "WrappingKeySpec", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 107, enumCount: 4, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksKeyIdType", kind: .string, min: 1, max: 128, pattern: 10, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksProxyAuthenticationAccessKeyIdType", kind: .string, min: 20, max: 30, pattern: 11, enumStart: 0, enumCount: 0, sensitive: true, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksProxyAuthenticationCredentialType", kind: .structure, min: -1, max: -1, pattern: -1, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 217, memberCount: 2, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksProxyAuthenticationRawSecretAccessKeyType", kind: .string, min: 43, max: 64, pattern: 12, enumStart: 0, enumCount: 0, sensitive: true, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksProxyConnectivityType", kind: .string, min: -1, max: -1, pattern: -1, enumStart: 111, enumCount: 2, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksProxyUriEndpointType", kind: .string, min: 10, max: 128, pattern: 13, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksProxyUriPathType", kind: .string, min: 10, max: 128, pattern: 14, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        rows.append(ShapeSpec(name: "XksProxyVpcEndpointServiceNameType", kind: .string, min: 20, max: 64, pattern: 15, enumStart: 0, enumCount: 0, sensitive: false, memberStart: 0, memberCount: 0, element: -1, key: -1, value: -1))
        return rows
    }()

    static let members: [MemberSpec] = [
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "CustomKeyStoreId", pathName: "customKeyStoreId", shape: 14, required: true),
        MemberSpec(name: "AliasName", pathName: "aliasName", shape: 2, required: true),
        MemberSpec(name: "TargetKeyId", pathName: "targetKeyId", shape: 65, required: true),
        MemberSpec(name: "CustomKeyStoreName", pathName: "customKeyStoreName", shape: 15, required: true),
        MemberSpec(name: "CloudHsmClusterId", pathName: "cloudHsmClusterId", shape: 8, required: false),
        MemberSpec(name: "TrustAnchorCertificate", pathName: "trustAnchorCertificate", shape: 108, required: false),
        MemberSpec(name: "KeyStorePassword", pathName: "keyStorePassword", shape: 68, required: false),
        MemberSpec(name: "CustomKeyStoreType", pathName: "customKeyStoreType", shape: 16, required: false),
        MemberSpec(name: "XksProxyUriEndpoint", pathName: "xksProxyUriEndpoint", shape: 122, required: false),
        MemberSpec(name: "XksProxyUriPath", pathName: "xksProxyUriPath", shape: 123, required: false),
        MemberSpec(name: "XksProxyVpcEndpointServiceName", pathName: "xksProxyVpcEndpointServiceName", shape: 124, required: false),
        MemberSpec(name: "XksProxyVpcEndpointServiceOwner", pathName: "xksProxyVpcEndpointServiceOwner", shape: 0, required: false),
        MemberSpec(name: "XksProxyAuthenticationCredential", pathName: "xksProxyAuthenticationCredential", shape: 119, required: false),
        MemberSpec(name: "XksProxyConnectivity", pathName: "xksProxyConnectivity", shape: 121, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "GranteePrincipal", pathName: "granteePrincipal", shape: 88, required: true),
        MemberSpec(name: "RetiringPrincipal", pathName: "retiringPrincipal", shape: 88, required: false),
        MemberSpec(name: "Operations", pathName: "operations", shape: 57, required: true),
        MemberSpec(name: "Constraints", pathName: "constraints", shape: 53, required: false),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "Name", pathName: "name", shape: 55, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "Policy", pathName: "policy", shape: 87, required: false),
        MemberSpec(name: "Description", pathName: "description", shape: 28, required: false),
        MemberSpec(name: "KeyUsage", pathName: "keyUsage", shape: 69, required: false),
        MemberSpec(name: "CustomerMasterKeySpec", pathName: "customerMasterKeySpec", shape: 17, required: false),
        MemberSpec(name: "KeySpec", pathName: "keySpec", shape: 67, required: false),
        MemberSpec(name: "Origin", pathName: "origin", shape: 83, required: false),
        MemberSpec(name: "CustomKeyStoreId", pathName: "customKeyStoreId", shape: 14, required: false),
        MemberSpec(name: "BypassPolicyLockoutSafetyCheck", pathName: "bypassPolicyLockoutSafetyCheck", shape: 5, required: false),
        MemberSpec(name: "Tags", pathName: "tags", shape: 105, required: false),
        MemberSpec(name: "MultiRegion", pathName: "multiRegion", shape: 81, required: false),
        MemberSpec(name: "XksKeyId", pathName: "xksKeyId", shape: 117, required: false),
        MemberSpec(name: "CiphertextBlob", pathName: "ciphertextBlob", shape: 7, required: false),
        MemberSpec(name: "EncryptionContext", pathName: "encryptionContext", shape: 39, required: false),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: false),
        MemberSpec(name: "EncryptionAlgorithm", pathName: "encryptionAlgorithm", shape: 37, required: false),
        MemberSpec(name: "Recipient", pathName: "recipient", shape: 92, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "DryRunModifiers", pathName: "dryRunModifiers", shape: 32, required: false),
        MemberSpec(name: "AliasName", pathName: "aliasName", shape: 2, required: true),
        MemberSpec(name: "CustomKeyStoreId", pathName: "customKeyStoreId", shape: 14, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyMaterialId", pathName: "keyMaterialId", shape: 4, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyAgreementAlgorithm", pathName: "keyAgreementAlgorithm", shape: 63, required: true),
        MemberSpec(name: "PublicKey", pathName: "publicKey", shape: 89, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "Recipient", pathName: "recipient", shape: 92, required: false),
        MemberSpec(name: "CustomKeyStoreId", pathName: "customKeyStoreId", shape: 14, required: false),
        MemberSpec(name: "CustomKeyStoreName", pathName: "customKeyStoreName", shape: 15, required: false),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "CustomKeyStoreId", pathName: "customKeyStoreId", shape: 14, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "RotationPeriodInDays", pathName: "rotationPeriodInDays", shape: 98, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "Plaintext", pathName: "plaintext", shape: 85, required: true),
        MemberSpec(name: "EncryptionContext", pathName: "encryptionContext", shape: 39, required: false),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "EncryptionAlgorithm", pathName: "encryptionAlgorithm", shape: 37, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "EncryptionContext", pathName: "encryptionContext", shape: 39, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyPairSpec", pathName: "keyPairSpec", shape: 18, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "Recipient", pathName: "recipient", shape: 92, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "EncryptionContext", pathName: "encryptionContext", shape: 39, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyPairSpec", pathName: "keyPairSpec", shape: 18, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "EncryptionContext", pathName: "encryptionContext", shape: 39, required: false),
        MemberSpec(name: "NumberOfBytes", pathName: "numberOfBytes", shape: 82, required: false),
        MemberSpec(name: "KeySpec", pathName: "keySpec", shape: 19, required: false),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "Recipient", pathName: "recipient", shape: 92, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "EncryptionContext", pathName: "encryptionContext", shape: 39, required: false),
        MemberSpec(name: "KeySpec", pathName: "keySpec", shape: 19, required: false),
        MemberSpec(name: "NumberOfBytes", pathName: "numberOfBytes", shape: 82, required: false),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "Message", pathName: "message", shape: 85, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "MacAlgorithm", pathName: "macAlgorithm", shape: 78, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "NumberOfBytes", pathName: "numberOfBytes", shape: 82, required: false),
        MemberSpec(name: "CustomKeyStoreId", pathName: "customKeyStoreId", shape: 14, required: false),
        MemberSpec(name: "Recipient", pathName: "recipient", shape: 92, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "PolicyName", pathName: "policyName", shape: 86, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "WrappingAlgorithm", pathName: "wrappingAlgorithm", shape: 1, required: true),
        MemberSpec(name: "WrappingKeySpec", pathName: "wrappingKeySpec", shape: 116, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "EncryptionContextSubset", pathName: "encryptionContextSubset", shape: 39, required: false),
        MemberSpec(name: "EncryptionContextEquals", pathName: "encryptionContextEquals", shape: 39, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "ImportToken", pathName: "importToken", shape: 7, required: true),
        MemberSpec(name: "EncryptedKeyMaterial", pathName: "encryptedKeyMaterial", shape: 7, required: true),
        MemberSpec(name: "ValidTo", pathName: "validTo", shape: 20, required: false),
        MemberSpec(name: "ExpirationModel", pathName: "expirationModel", shape: 41, required: false),
        MemberSpec(name: "ImportType", pathName: "importType", shape: 61, required: false),
        MemberSpec(name: "KeyMaterialDescription", pathName: "keyMaterialDescription", shape: 66, required: false),
        MemberSpec(name: "KeyMaterialId", pathName: "keyMaterialId", shape: 4, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: false),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "GrantId", pathName: "grantId", shape: 54, required: false),
        MemberSpec(name: "GranteePrincipal", pathName: "granteePrincipal", shape: 88, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "IncludeKeyMaterial", pathName: "includeKeyMaterial", shape: 62, required: false),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "Limit", pathName: "limit", shape: 70, required: false),
        MemberSpec(name: "Marker", pathName: "marker", shape: 79, required: false),
        MemberSpec(name: "RetiringPrincipal", pathName: "retiringPrincipal", shape: 88, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "PolicyName", pathName: "policyName", shape: 86, required: false),
        MemberSpec(name: "Policy", pathName: "policy", shape: 87, required: true),
        MemberSpec(name: "BypassPolicyLockoutSafetyCheck", pathName: "bypassPolicyLockoutSafetyCheck", shape: 5, required: false),
        MemberSpec(name: "CiphertextBlob", pathName: "ciphertextBlob", shape: 7, required: false),
        MemberSpec(name: "SourceEncryptionContext", pathName: "sourceEncryptionContext", shape: 39, required: false),
        MemberSpec(name: "SourceKeyId", pathName: "sourceKeyId", shape: 65, required: false),
        MemberSpec(name: "DestinationKeyId", pathName: "destinationKeyId", shape: 65, required: true),
        MemberSpec(name: "DestinationEncryptionContext", pathName: "destinationEncryptionContext", shape: 39, required: false),
        MemberSpec(name: "SourceEncryptionAlgorithm", pathName: "sourceEncryptionAlgorithm", shape: 37, required: false),
        MemberSpec(name: "DestinationEncryptionAlgorithm", pathName: "destinationEncryptionAlgorithm", shape: 37, required: false),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "DryRunModifiers", pathName: "dryRunModifiers", shape: 32, required: false),
        MemberSpec(name: "KeyEncryptionAlgorithm", pathName: "keyEncryptionAlgorithm", shape: 64, required: false),
        MemberSpec(name: "AttestationDocument", pathName: "attestationDocument", shape: 3, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "ReplicaRegion", pathName: "replicaRegion", shape: 93, required: true),
        MemberSpec(name: "Policy", pathName: "policy", shape: 87, required: false),
        MemberSpec(name: "BypassPolicyLockoutSafetyCheck", pathName: "bypassPolicyLockoutSafetyCheck", shape: 5, required: false),
        MemberSpec(name: "Description", pathName: "description", shape: 28, required: false),
        MemberSpec(name: "Tags", pathName: "tags", shape: 105, required: false),
        MemberSpec(name: "GrantToken", pathName: "grantToken", shape: 59, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: false),
        MemberSpec(name: "GrantId", pathName: "grantId", shape: 54, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "GrantId", pathName: "grantId", shape: 54, required: true),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "PendingWindowInDays", pathName: "pendingWindowInDays", shape: 84, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "Message", pathName: "message", shape: 85, required: true),
        MemberSpec(name: "MessageType", pathName: "messageType", shape: 80, required: false),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "SigningAlgorithm", pathName: "signingAlgorithm", shape: 101, required: true),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "TagKey", pathName: "tagKey", shape: 104, required: true),
        MemberSpec(name: "TagValue", pathName: "tagValue", shape: 107, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "Tags", pathName: "tags", shape: 105, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "TagKeys", pathName: "tagKeys", shape: 103, required: true),
        MemberSpec(name: "AliasName", pathName: "aliasName", shape: 2, required: true),
        MemberSpec(name: "TargetKeyId", pathName: "targetKeyId", shape: 65, required: true),
        MemberSpec(name: "CustomKeyStoreId", pathName: "customKeyStoreId", shape: 14, required: true),
        MemberSpec(name: "NewCustomKeyStoreName", pathName: "newCustomKeyStoreName", shape: 15, required: false),
        MemberSpec(name: "KeyStorePassword", pathName: "keyStorePassword", shape: 68, required: false),
        MemberSpec(name: "CloudHsmClusterId", pathName: "cloudHsmClusterId", shape: 8, required: false),
        MemberSpec(name: "XksProxyUriEndpoint", pathName: "xksProxyUriEndpoint", shape: 122, required: false),
        MemberSpec(name: "XksProxyUriPath", pathName: "xksProxyUriPath", shape: 123, required: false),
        MemberSpec(name: "XksProxyVpcEndpointServiceName", pathName: "xksProxyVpcEndpointServiceName", shape: 124, required: false),
        MemberSpec(name: "XksProxyVpcEndpointServiceOwner", pathName: "xksProxyVpcEndpointServiceOwner", shape: 0, required: false),
        MemberSpec(name: "XksProxyAuthenticationCredential", pathName: "xksProxyAuthenticationCredential", shape: 119, required: false),
        MemberSpec(name: "XksProxyConnectivity", pathName: "xksProxyConnectivity", shape: 121, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "Description", pathName: "description", shape: 28, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "PrimaryRegion", pathName: "primaryRegion", shape: 93, required: true),
        MemberSpec(name: "Message", pathName: "message", shape: 85, required: true),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "MacAlgorithm", pathName: "macAlgorithm", shape: 78, required: true),
        MemberSpec(name: "Mac", pathName: "mac", shape: 7, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "KeyId", pathName: "keyId", shape: 65, required: true),
        MemberSpec(name: "Message", pathName: "message", shape: 85, required: true),
        MemberSpec(name: "MessageType", pathName: "messageType", shape: 80, required: false),
        MemberSpec(name: "Signature", pathName: "signature", shape: 7, required: true),
        MemberSpec(name: "SigningAlgorithm", pathName: "signingAlgorithm", shape: 101, required: true),
        MemberSpec(name: "GrantTokens", pathName: "grantTokens", shape: 58, required: false),
        MemberSpec(name: "DryRun", pathName: "dryRun", shape: 81, required: false),
        MemberSpec(name: "AccessKeyId", pathName: "accessKeyId", shape: 118, required: true),
        MemberSpec(name: "RawSecretAccessKey", pathName: "rawSecretAccessKey", shape: 120, required: true),
    ]

    static let enumValues: [String] = [
        "RSAES_PKCS1_V1_5",
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "RSA_AES_KEY_WRAP_SHA_1",
        "RSA_AES_KEY_WRAP_SHA_256",
        "SM2PKE",
        "AWS_CLOUDHSM",
        "EXTERNAL_KEY_STORE",
        "RSA_2048",
        "ECC_NIST_P384",
        "ECC_NIST_P256",
        "ECC_NIST_P521",
        "HMAC_384",
        "RSA_3072",
        "ECC_SECG_P256K1",
        "RSA_4096",
        "SYMMETRIC_DEFAULT",
        "HMAC_256",
        "HMAC_224",
        "HMAC_512",
        "SM2",
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "ECC_NIST_P256",
        "ECC_NIST_P384",
        "ECC_NIST_P521",
        "ECC_SECG_P256K1",
        "SM2",
        "ECC_NIST_EDWARDS25519",
        "AES_256",
        "AES_128",
        "IGNORE_CIPHERTEXT",
        "SYMMETRIC_DEFAULT",
        "RSAES_OAEP_SHA_1",
        "RSAES_OAEP_SHA_256",
        "SM2PKE",
        "KEY_MATERIAL_EXPIRES",
        "KEY_MATERIAL_DOES_NOT_EXPIRE",
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "ReEncryptFrom",
        "ReEncryptTo",
        "Sign",
        "Verify",
        "GetPublicKey",
        "CreateGrant",
        "RetireGrant",
        "DescribeKey",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "GenerateMac",
        "VerifyMac",
        "DeriveSharedSecret",
        "NEW_KEY_MATERIAL",
        "EXISTING_KEY_MATERIAL",
        "ALL_KEY_MATERIAL",
        "ROTATIONS_ONLY",
        "ECDH",
        "RSAES_OAEP_SHA_256",
        "RSA_2048",
        "ECC_NIST_P384",
        "ECC_NIST_P256",
        "ECC_NIST_P521",
        "HMAC_384",
        "RSA_3072",
        "ECC_SECG_P256K1",
        "RSA_4096",
        "SYMMETRIC_DEFAULT",
        "HMAC_256",
        "HMAC_224",
        "HMAC_512",
        "SM2",
        "ML_DSA_44",
        "ML_DSA_65",
        "ML_DSA_87",
        "ECC_NIST_EDWARDS25519",
        "ENCRYPT_DECRYPT",
        "SIGN_VERIFY",
        "GENERATE_VERIFY_MAC",
        "KEY_AGREEMENT",
        "HMAC_SHA_384",
        "HMAC_SHA_256",
        "HMAC_SHA_224",
        "HMAC_SHA_512",
        "RAW",
        "DIGEST",
        "EXTERNAL_MU",
        "AWS_KMS",
        "EXTERNAL",
        "AWS_CLOUDHSM",
        "EXTERNAL_KEY_STORE",
        "RSASSA_PSS_SHA_256",
        "RSASSA_PSS_SHA_384",
        "RSASSA_PSS_SHA_512",
        "RSASSA_PKCS1_V1_5_SHA_256",
        "RSASSA_PKCS1_V1_5_SHA_384",
        "RSASSA_PKCS1_V1_5_SHA_512",
        "ECDSA_SHA_256",
        "ECDSA_SHA_384",
        "ECDSA_SHA_512",
        "SM2DSA",
        "ML_DSA_SHAKE_256",
        "ED25519_SHA_512",
        "ED25519_PH_SHA_512",
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "SM2",
        "PUBLIC_ENDPOINT",
        "VPC_ENDPOINT_SERVICE",
    ]

    static let patterns: [PatternSpec] = [
        PatternSpec(source: "[0-9]{12}", fastClass: 0, fastMin: 12, fastMax: 12, program: -1),
        PatternSpec(source: "^[a-zA-Z0-9:/_-]+$", fastClass: 1, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "^[a-f0-9]+$", fastClass: 2, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "cluster-[2-7a-zA-Z]{11,16}", fastClass: -1, fastMin: 0, fastMax: -1, program: 0),
        PatternSpec(source: "^[a-zA-Z0-9:/_\\s.-]+$", fastClass: 12, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "[\\u0020-\\u00FF]*", fastClass: 13, fastMin: 0, fastMax: -1, program: -1),
        PatternSpec(source: "[\\w]+", fastClass: 14, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", fastClass: 15, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "^[\\w+=,.@:/-]+$", fastClass: 16, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "^([a-z]+-){2,3}\\d+$", fastClass: -1, fastMin: 0, fastMax: -1, program: 30),
        PatternSpec(source: "^[a-zA-Z0-9-_.]+$", fastClass: 18, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "^[A-Z2-7]+$", fastClass: 19, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "^[a-zA-Z0-9\\/+=]+$", fastClass: 20, fastMin: 1, fastMax: -1, program: -1),
        PatternSpec(source: "^https://[a-zA-Z0-9.-]+$", fastClass: -1, fastMin: 0, fastMax: -1, program: 53),
        PatternSpec(source: "^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$", fastClass: -1, fastMin: 0, fastMax: -1, program: 68),
        PatternSpec(source: "^(com|eu)\\.amazonaws\\.vpce\\.([a-z]+-){2,3}\\d+\\.vpce-svc-[0-9a-z]+$", fastClass: -1, fastMin: 0, fastMax: -1, program: 106),
    ]

    static let characterClasses: [CharacterClassSpec] = [
        CharacterClassSpec(rangeStart: 0, rangeCount: 1),
        CharacterClassSpec(rangeStart: 1, rangeCount: 5),
        CharacterClassSpec(rangeStart: 6, rangeCount: 2),
        CharacterClassSpec(rangeStart: 8, rangeCount: 1),
        CharacterClassSpec(rangeStart: 9, rangeCount: 1),
        CharacterClassSpec(rangeStart: 10, rangeCount: 1),
        CharacterClassSpec(rangeStart: 11, rangeCount: 1),
        CharacterClassSpec(rangeStart: 12, rangeCount: 1),
        CharacterClassSpec(rangeStart: 13, rangeCount: 1),
        CharacterClassSpec(rangeStart: 14, rangeCount: 1),
        CharacterClassSpec(rangeStart: 15, rangeCount: 1),
        CharacterClassSpec(rangeStart: 16, rangeCount: 3),
        CharacterClassSpec(rangeStart: 19, rangeCount: 6),
        CharacterClassSpec(rangeStart: 25, rangeCount: 1),
        CharacterClassSpec(rangeStart: 26, rangeCount: 4),
        CharacterClassSpec(rangeStart: 30, rangeCount: 3),
        CharacterClassSpec(rangeStart: 33, rangeCount: 5),
        CharacterClassSpec(rangeStart: 38, rangeCount: 1),
        CharacterClassSpec(rangeStart: 39, rangeCount: 5),
        CharacterClassSpec(rangeStart: 44, rangeCount: 2),
        CharacterClassSpec(rangeStart: 46, rangeCount: 5),
        CharacterClassSpec(rangeStart: 51, rangeCount: 1),
        CharacterClassSpec(rangeStart: 52, rangeCount: 1),
        CharacterClassSpec(rangeStart: 53, rangeCount: 1),
        CharacterClassSpec(rangeStart: 54, rangeCount: 1),
        CharacterClassSpec(rangeStart: 55, rangeCount: 4),
        CharacterClassSpec(rangeStart: 59, rangeCount: 5),
        CharacterClassSpec(rangeStart: 64, rangeCount: 1),
        CharacterClassSpec(rangeStart: 65, rangeCount: 1),
        CharacterClassSpec(rangeStart: 66, rangeCount: 1),
        CharacterClassSpec(rangeStart: 67, rangeCount: 1),
        CharacterClassSpec(rangeStart: 68, rangeCount: 1),
        CharacterClassSpec(rangeStart: 69, rangeCount: 1),
        CharacterClassSpec(rangeStart: 70, rangeCount: 1),
        CharacterClassSpec(rangeStart: 71, rangeCount: 1),
        CharacterClassSpec(rangeStart: 72, rangeCount: 1),
        CharacterClassSpec(rangeStart: 73, rangeCount: 1),
        CharacterClassSpec(rangeStart: 74, rangeCount: 2),
    ]

    static let scalarRanges: [ScalarRange] = [
        ScalarRange(low: 0x0030, high: 0x0039),
        ScalarRange(low: 0x002D, high: 0x002D),
        ScalarRange(low: 0x002F, high: 0x003A),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x005F, high: 0x005F),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x0030, high: 0x0039),
        ScalarRange(low: 0x0061, high: 0x0066),
        ScalarRange(low: 0x0063, high: 0x0063),
        ScalarRange(low: 0x006C, high: 0x006C),
        ScalarRange(low: 0x0075, high: 0x0075),
        ScalarRange(low: 0x0073, high: 0x0073),
        ScalarRange(low: 0x0074, high: 0x0074),
        ScalarRange(low: 0x0065, high: 0x0065),
        ScalarRange(low: 0x0072, high: 0x0072),
        ScalarRange(low: 0x002D, high: 0x002D),
        ScalarRange(low: 0x0032, high: 0x0037),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x0009, high: 0x000D),
        ScalarRange(low: 0x0020, high: 0x0020),
        ScalarRange(low: 0x002D, high: 0x003A),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x005F, high: 0x005F),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x0020, high: 0x00FF),
        ScalarRange(low: 0x0030, high: 0x0039),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x005F, high: 0x005F),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x0009, high: 0x000A),
        ScalarRange(low: 0x000D, high: 0x000D),
        ScalarRange(low: 0x0020, high: 0x00FF),
        ScalarRange(low: 0x002B, high: 0x003A),
        ScalarRange(low: 0x003D, high: 0x003D),
        ScalarRange(low: 0x0040, high: 0x005A),
        ScalarRange(low: 0x005F, high: 0x005F),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x002D, high: 0x002E),
        ScalarRange(low: 0x0030, high: 0x0039),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x005F, high: 0x005F),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x0032, high: 0x0037),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x002B, high: 0x002B),
        ScalarRange(low: 0x002F, high: 0x0039),
        ScalarRange(low: 0x003D, high: 0x003D),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x0068, high: 0x0068),
        ScalarRange(low: 0x0070, high: 0x0070),
        ScalarRange(low: 0x003A, high: 0x003A),
        ScalarRange(low: 0x002F, high: 0x002F),
        ScalarRange(low: 0x002D, high: 0x002E),
        ScalarRange(low: 0x0030, high: 0x0039),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x002D, high: 0x002D),
        ScalarRange(low: 0x002F, high: 0x0039),
        ScalarRange(low: 0x0041, high: 0x005A),
        ScalarRange(low: 0x005F, high: 0x005F),
        ScalarRange(low: 0x0061, high: 0x007A),
        ScalarRange(low: 0x006B, high: 0x006B),
        ScalarRange(low: 0x006D, high: 0x006D),
        ScalarRange(low: 0x0078, high: 0x0078),
        ScalarRange(low: 0x0076, high: 0x0076),
        ScalarRange(low: 0x006F, high: 0x006F),
        ScalarRange(low: 0x002E, high: 0x002E),
        ScalarRange(low: 0x0061, high: 0x0061),
        ScalarRange(low: 0x007A, high: 0x007A),
        ScalarRange(low: 0x006E, high: 0x006E),
        ScalarRange(low: 0x0077, high: 0x0077),
        ScalarRange(low: 0x0030, high: 0x0039),
        ScalarRange(low: 0x0061, high: 0x007A),
    ]

    static let regexProgram: [RegexInstruction] = [
        RegexInstruction(op: .char, x: 3, y: 0), // 0
        RegexInstruction(op: .char, x: 4, y: 0), // 1
        RegexInstruction(op: .char, x: 5, y: 0), // 2
        RegexInstruction(op: .char, x: 6, y: 0), // 3
        RegexInstruction(op: .char, x: 7, y: 0), // 4
        RegexInstruction(op: .char, x: 8, y: 0), // 5
        RegexInstruction(op: .char, x: 9, y: 0), // 6
        RegexInstruction(op: .char, x: 10, y: 0), // 7
        RegexInstruction(op: .char, x: 11, y: 0), // 8
        RegexInstruction(op: .char, x: 11, y: 0), // 9
        RegexInstruction(op: .char, x: 11, y: 0), // 10
        RegexInstruction(op: .char, x: 11, y: 0), // 11
        RegexInstruction(op: .char, x: 11, y: 0), // 12
        RegexInstruction(op: .char, x: 11, y: 0), // 13
        RegexInstruction(op: .char, x: 11, y: 0), // 14
        RegexInstruction(op: .char, x: 11, y: 0), // 15
        RegexInstruction(op: .char, x: 11, y: 0), // 16
        RegexInstruction(op: .char, x: 11, y: 0), // 17
        RegexInstruction(op: .char, x: 11, y: 0), // 18
        RegexInstruction(op: .split, x: 20, y: 29), // 19
        RegexInstruction(op: .char, x: 11, y: 0), // 20
        RegexInstruction(op: .split, x: 22, y: 29), // 21
        RegexInstruction(op: .char, x: 11, y: 0), // 22
        RegexInstruction(op: .split, x: 24, y: 29), // 23
        RegexInstruction(op: .char, x: 11, y: 0), // 24
        RegexInstruction(op: .split, x: 26, y: 29), // 25
        RegexInstruction(op: .char, x: 11, y: 0), // 26
        RegexInstruction(op: .split, x: 28, y: 29), // 27
        RegexInstruction(op: .char, x: 11, y: 0), // 28
        RegexInstruction(op: .match, x: 0, y: 0), // 29
        RegexInstruction(op: .assertStart, x: 0, y: 0), // 30
        RegexInstruction(op: .char, x: 17, y: 0), // 31
        RegexInstruction(op: .split, x: 33, y: 35), // 32
        RegexInstruction(op: .char, x: 17, y: 0), // 33
        RegexInstruction(op: .jump, x: 32, y: 0), // 34
        RegexInstruction(op: .char, x: 10, y: 0), // 35
        RegexInstruction(op: .char, x: 17, y: 0), // 36
        RegexInstruction(op: .split, x: 38, y: 40), // 37
        RegexInstruction(op: .char, x: 17, y: 0), // 38
        RegexInstruction(op: .jump, x: 37, y: 0), // 39
        RegexInstruction(op: .char, x: 10, y: 0), // 40
        RegexInstruction(op: .split, x: 42, y: 47), // 41
        RegexInstruction(op: .char, x: 17, y: 0), // 42
        RegexInstruction(op: .split, x: 44, y: 46), // 43
        RegexInstruction(op: .char, x: 17, y: 0), // 44
        RegexInstruction(op: .jump, x: 43, y: 0), // 45
        RegexInstruction(op: .char, x: 10, y: 0), // 46
        RegexInstruction(op: .char, x: 0, y: 0), // 47
        RegexInstruction(op: .split, x: 49, y: 51), // 48
        RegexInstruction(op: .char, x: 0, y: 0), // 49
        RegexInstruction(op: .jump, x: 48, y: 0), // 50
        RegexInstruction(op: .assertEnd, x: 0, y: 0), // 51
        RegexInstruction(op: .match, x: 0, y: 0), // 52
        RegexInstruction(op: .assertStart, x: 0, y: 0), // 53
        RegexInstruction(op: .char, x: 21, y: 0), // 54
        RegexInstruction(op: .char, x: 7, y: 0), // 55
        RegexInstruction(op: .char, x: 7, y: 0), // 56
        RegexInstruction(op: .char, x: 22, y: 0), // 57
        RegexInstruction(op: .char, x: 6, y: 0), // 58
        RegexInstruction(op: .char, x: 23, y: 0), // 59
        RegexInstruction(op: .char, x: 24, y: 0), // 60
        RegexInstruction(op: .char, x: 24, y: 0), // 61
        RegexInstruction(op: .char, x: 25, y: 0), // 62
        RegexInstruction(op: .split, x: 64, y: 66), // 63
        RegexInstruction(op: .char, x: 25, y: 0), // 64
        RegexInstruction(op: .jump, x: 63, y: 0), // 65
        RegexInstruction(op: .assertEnd, x: 0, y: 0), // 66
        RegexInstruction(op: .match, x: 0, y: 0), // 67
        RegexInstruction(op: .split, x: 69, y: 90), // 68
        RegexInstruction(op: .assertStart, x: 0, y: 0), // 69
        RegexInstruction(op: .char, x: 24, y: 0), // 70
        RegexInstruction(op: .char, x: 26, y: 0), // 71
        RegexInstruction(op: .split, x: 73, y: 75), // 72
        RegexInstruction(op: .char, x: 26, y: 0), // 73
        RegexInstruction(op: .jump, x: 72, y: 0), // 74
        RegexInstruction(op: .char, x: 24, y: 0), // 75
        RegexInstruction(op: .char, x: 27, y: 0), // 76
        RegexInstruction(op: .char, x: 28, y: 0), // 77
        RegexInstruction(op: .char, x: 6, y: 0), // 78
        RegexInstruction(op: .char, x: 24, y: 0), // 79
        RegexInstruction(op: .char, x: 29, y: 0), // 80
        RegexInstruction(op: .char, x: 27, y: 0), // 81
        RegexInstruction(op: .char, x: 6, y: 0), // 82
        RegexInstruction(op: .char, x: 24, y: 0), // 83
        RegexInstruction(op: .char, x: 30, y: 0), // 84
        RegexInstruction(op: .char, x: 0, y: 0), // 85
        RegexInstruction(op: .split, x: 87, y: 88), // 86
        RegexInstruction(op: .char, x: 0, y: 0), // 87
        RegexInstruction(op: .assertEnd, x: 0, y: 0), // 88
        RegexInstruction(op: .jump, x: 105, y: 0), // 89
        RegexInstruction(op: .assertStart, x: 0, y: 0), // 90
        RegexInstruction(op: .char, x: 24, y: 0), // 91
        RegexInstruction(op: .char, x: 27, y: 0), // 92
        RegexInstruction(op: .char, x: 28, y: 0), // 93
        RegexInstruction(op: .char, x: 6, y: 0), // 94
        RegexInstruction(op: .char, x: 24, y: 0), // 95
        RegexInstruction(op: .char, x: 29, y: 0), // 96
        RegexInstruction(op: .char, x: 27, y: 0), // 97
        RegexInstruction(op: .char, x: 6, y: 0), // 98
        RegexInstruction(op: .char, x: 24, y: 0), // 99
        RegexInstruction(op: .char, x: 30, y: 0), // 100
        RegexInstruction(op: .char, x: 0, y: 0), // 101
        RegexInstruction(op: .split, x: 103, y: 104), // 102
        RegexInstruction(op: .char, x: 0, y: 0), // 103
        RegexInstruction(op: .assertEnd, x: 0, y: 0), // 104
        RegexInstruction(op: .match, x: 0, y: 0), // 105
        RegexInstruction(op: .assertStart, x: 0, y: 0), // 106
        RegexInstruction(op: .split, x: 108, y: 112), // 107
        RegexInstruction(op: .char, x: 3, y: 0), // 108
        RegexInstruction(op: .char, x: 31, y: 0), // 109
        RegexInstruction(op: .char, x: 28, y: 0), // 110
        RegexInstruction(op: .jump, x: 114, y: 0), // 111
        RegexInstruction(op: .char, x: 8, y: 0), // 112
        RegexInstruction(op: .char, x: 5, y: 0), // 113
        RegexInstruction(op: .char, x: 32, y: 0), // 114
        RegexInstruction(op: .char, x: 33, y: 0), // 115
        RegexInstruction(op: .char, x: 28, y: 0), // 116
        RegexInstruction(op: .char, x: 33, y: 0), // 117
        RegexInstruction(op: .char, x: 34, y: 0), // 118
        RegexInstruction(op: .char, x: 31, y: 0), // 119
        RegexInstruction(op: .char, x: 35, y: 0), // 120
        RegexInstruction(op: .char, x: 33, y: 0), // 121
        RegexInstruction(op: .char, x: 36, y: 0), // 122
        RegexInstruction(op: .char, x: 6, y: 0), // 123
        RegexInstruction(op: .char, x: 32, y: 0), // 124
        RegexInstruction(op: .char, x: 30, y: 0), // 125
        RegexInstruction(op: .char, x: 22, y: 0), // 126
        RegexInstruction(op: .char, x: 3, y: 0), // 127
        RegexInstruction(op: .char, x: 8, y: 0), // 128
        RegexInstruction(op: .char, x: 32, y: 0), // 129
        RegexInstruction(op: .char, x: 17, y: 0), // 130
        RegexInstruction(op: .split, x: 132, y: 134), // 131
        RegexInstruction(op: .char, x: 17, y: 0), // 132
        RegexInstruction(op: .jump, x: 131, y: 0), // 133
        RegexInstruction(op: .char, x: 10, y: 0), // 134
        RegexInstruction(op: .char, x: 17, y: 0), // 135
        RegexInstruction(op: .split, x: 137, y: 139), // 136
        RegexInstruction(op: .char, x: 17, y: 0), // 137
        RegexInstruction(op: .jump, x: 136, y: 0), // 138
        RegexInstruction(op: .char, x: 10, y: 0), // 139
        RegexInstruction(op: .split, x: 141, y: 146), // 140
        RegexInstruction(op: .char, x: 17, y: 0), // 141
        RegexInstruction(op: .split, x: 143, y: 145), // 142
        RegexInstruction(op: .char, x: 17, y: 0), // 143
        RegexInstruction(op: .jump, x: 142, y: 0), // 144
        RegexInstruction(op: .char, x: 10, y: 0), // 145
        RegexInstruction(op: .char, x: 0, y: 0), // 146
        RegexInstruction(op: .split, x: 148, y: 150), // 147
        RegexInstruction(op: .char, x: 0, y: 0), // 148
        RegexInstruction(op: .jump, x: 147, y: 0), // 149
        RegexInstruction(op: .char, x: 32, y: 0), // 150
        RegexInstruction(op: .char, x: 30, y: 0), // 151
        RegexInstruction(op: .char, x: 22, y: 0), // 152
        RegexInstruction(op: .char, x: 3, y: 0), // 153
        RegexInstruction(op: .char, x: 8, y: 0), // 154
        RegexInstruction(op: .char, x: 10, y: 0), // 155
        RegexInstruction(op: .char, x: 6, y: 0), // 156
        RegexInstruction(op: .char, x: 30, y: 0), // 157
        RegexInstruction(op: .char, x: 3, y: 0), // 158
        RegexInstruction(op: .char, x: 10, y: 0), // 159
        RegexInstruction(op: .char, x: 37, y: 0), // 160
        RegexInstruction(op: .split, x: 162, y: 164), // 161
        RegexInstruction(op: .char, x: 37, y: 0), // 162
        RegexInstruction(op: .jump, x: 161, y: 0), // 163
        RegexInstruction(op: .assertEnd, x: 0, y: 0), // 164
        RegexInstruction(op: .match, x: 0, y: 0), // 165
    ]
}
