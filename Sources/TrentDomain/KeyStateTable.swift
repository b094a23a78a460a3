/// The key-state table of the AWS KMS Developer Guide ("Key states and their effect on
/// operations"), implemented once. Every operation on an existing key asks this table
/// before doing any work, so each state/operation pair fails the same way everywhere.
///
/// Two readings of the guide are fixed here and documented in docs/KEY-STATES.md:
/// - cells marked "[2] or [3]" always raise [3] (`KMSInvalidStateException`), which is
///   what the guide's CloudTrail and alarm examples show;
/// - the "(or pending replica deletion)" in footnotes [2]-[4] names the state the key is
///   actually in, so a PendingReplicaDeletion key reports "is pending replica deletion."
/// - the guide's table predates imported asymmetric and HMAC material and on-demand rotation
///   of imported keys: it marks PendingImport "not applicable" for Sign, Verify, GenerateMac,
///   VerifyMac, GetPublicKey and DeriveSharedSecret, and [6] for RotateKeyOnDemand. Such keys
///   exist now, and those cells answer [5] "is pending import." as Encrypt does.
public enum KeyStateTable {
    /// What a cell of the table says.
    public enum Cell: Sendable, Equatable {
        case allowed
        case disabled            // [1]
        case pendingDeletion     // [2] or [3], reported as [3]
        case notPendingDeletion  // [4]
        case pendingImport       // [5]
        case externalOrigin      // [6]
        case unavailable         // [11]
        case creating            // [14]
        case updating            // [15]
        /// [7], [9], [10], [12]: the operation decides from facts beyond the state.
        case conditional
        /// The state cannot occur for keys that support the operation.
        case notApplicable
    }

    /// Column order of the rows below.
    static let columns: [KeyState] = [
        .enabled, .disabled, .pendingDeletion, .pendingImport, .unavailable, .creating, .updating,
    ]

    // One row per operation: Enabled, Disabled, Pending(Replica)Deletion, PendingImport,
    // Unavailable, Creating, Updating.
    // Codes: ok, 1, 3, 4, 5, 6, 11, 14, 15, ? (conditional), na.
    static let rows: [KMSOperation: [String]] = [
        .cancelKeyDeletion: ["4", "4", "ok", "4", "4", "4", "4"],
        .createAlias: ["ok", "ok", "3", "ok", "ok", "ok", "ok"],
        .createGrant: ["ok", "1", "3", "5", "ok", "14", "ok"],
        .decrypt: ["ok", "1", "3", "5", "11", "14", "ok"],
        .deleteAlias: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .deleteImportedKeyMaterial: ["?", "?", "?", "ok", "na", "14", "15"],
        .deriveSharedSecret: ["ok", "1", "3", "5", "na", "14", "ok"],
        .describeKey: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .disableKey: ["ok", "ok", "3", "5", "?", "14", "15"],
        .disableKeyRotation: ["?", "1", "3", "6", "?", "14", "?"],
        .enableKey: ["ok", "ok", "3", "5", "?", "14", "15"],
        .enableKeyRotation: ["?", "1", "3", "6", "?", "14", "?"],
        .encrypt: ["ok", "1", "3", "5", "11", "14", "ok"],
        .generateDataKey: ["ok", "1", "3", "5", "11", "14", "ok"],
        .generateDataKeyPair: ["ok", "1", "3", "5", "11", "14", "ok"],
        .generateDataKeyPairWithoutPlaintext: ["ok", "1", "3", "5", "11", "14", "ok"],
        .generateDataKeyWithoutPlaintext: ["ok", "1", "3", "5", "11", "14", "ok"],
        .generateMac: ["ok", "1", "3", "5", "na", "14", "ok"],
        .getKeyLastUsage: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .getKeyPolicy: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .getKeyRotationStatus: ["?", "?", "?", "6", "?", "?", "?"],
        .getParametersForImport: ["?", "?", "3", "ok", "?", "14", "15"],
        .getPublicKey: ["ok", "1", "3", "5", "na", "14", "ok"],
        .importKeyMaterial: ["?", "?", "3", "ok", "?", "14", "ok"],
        .listAliases: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .listGrants: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .listKeyPolicies: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .listKeyRotations: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .listResourceTags: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .putKeyPolicy: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .reEncrypt: ["ok", "1", "3", "5", "11", "14", "ok"],
        .replicateKey: ["ok", "1", "3", "5", "na", "14", "15"],
        .retireGrant: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .revokeGrant: ["ok", "ok", "ok", "ok", "ok", "ok", "ok"],
        .rotateKeyOnDemand: ["?", "1", "3", "5", "?", "14", "15"],
        .scheduleKeyDeletion: ["ok", "ok", "3", "ok", "ok", "ok", "15"],
        .sign: ["ok", "1", "3", "5", "na", "14", "ok"],
        .tagResource: ["ok", "ok", "3", "ok", "ok", "ok", "ok"],
        .untagResource: ["ok", "ok", "3", "ok", "ok", "ok", "ok"],
        .updateAlias: ["ok", "ok", "?", "ok", "ok", "ok", "ok"],
        .updateKeyDescription: ["ok", "ok", "3", "ok", "ok", "ok", "ok"],
        .updatePrimaryRegion: ["ok", "1", "3", "5", "na", "14", "ok"],
        .verify: ["ok", "1", "3", "5", "na", "14", "ok"],
        .verifyMac: ["ok", "1", "3", "5", "na", "14", "ok"],
    ]

    public static func cell(_ operation: KMSOperation, _ state: KeyState) -> Cell {
        guard let row = rows[operation] else { return .allowed }
        let column = state == .pendingReplicaDeletion ? .pendingDeletion : state
        guard let index = columns.firstIndex(of: column) else { return .allowed }
        switch row[index] {
        case "ok": return .allowed
        case "1": return .disabled
        case "3": return .pendingDeletion
        case "4": return .notPendingDeletion
        case "5": return .pendingImport
        case "6": return .externalOrigin
        case "11": return .unavailable
        case "14": return .creating
        case "15": return .updating
        case "?": return .conditional
        default: return .notApplicable
        }
    }

    /// Throws the exact exception for `operation` on a key in `state`, or returns the cell
    /// when the operation may go on (`.allowed`, `.conditional` or `.notApplicable`).
    @discardableResult
    public static func check(_ operation: KMSOperation, state: KeyState, keyArn: String) throws(KMSError) -> Cell {
        let cell = cell(operation, state)
        if let error = error(for: cell, state: state, keyArn: keyArn) { throw error }
        return cell
    }

    public static func error(for cell: Cell, state: KeyState, keyArn: String) -> KMSError? {
        switch cell {
        case .allowed, .conditional, .notApplicable:
            return nil
        case .disabled:
            return KMSError("DisabledException", "\(keyArn) is disabled.")
        case .pendingDeletion:
            return .invalidState("\(keyArn) is \(pendingPhrase(state)).")
        case .notPendingDeletion:
            return .invalidState("\(keyArn) is not pending deletion.")
        case .pendingImport:
            return .invalidState("\(keyArn) is pending import.")
        case .externalOrigin:
            return .unsupported("\(keyArn) origin is EXTERNAL which is not valid for this operation.")
        case .unavailable:
            return .invalidState("\(keyArn) is unavailable.")
        case .creating:
            return .invalidState("\(keyArn) is creating.")
        case .updating:
            return .invalidState("\(keyArn) is updating.")
        }
    }

    static func pendingPhrase(_ state: KeyState) -> String {
        state == .pendingReplicaDeletion ? "pending replica deletion" : "pending deletion"
    }
}
