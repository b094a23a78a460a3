import Foundation
import GRDB
import TrentDomain

/// The `grants` table: operations and constraints as JSON text, everything else in columns.
enum GrantRow {
    static func record(from row: Row) -> GrantRecord {
        GrantRecord(
            grantId: row["grant_id"], account: row["account"], region: row["region"], keyId: row["key_id"],
            name: row["name"], granteePrincipal: row["grantee"], retiringPrincipal: row["retiring"],
            operations: decodeList(row["operations"]), constraints: decodeConstraints(row["constraints"]),
            issuingAccount: row["issuing_account"], creationDate: Date(timeIntervalSince1970: row["creation_date"])
        )
    }

    static func insert(_ grant: GrantRecord, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO grants (grant_id, account, region, key_id, name, grantee, retiring, operations, constraints,
                                    issuing_account, creation_date)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                grant.grantId, grant.account, grant.region, grant.keyId, grant.name, grant.granteePrincipal,
                grant.retiringPrincipal, encode(grant.operations), grant.constraints.map(encode),
                grant.issuingAccount, grant.creationDate.timeIntervalSince1970,
            ]
        )
    }

    static func encode(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decodeList(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    private struct StoredConstraints: Codable {
        var equals: [String: String]?
        var subset: [String: String]?
    }

    static func encode(_ constraints: GrantConstraints) -> String {
        let stored = StoredConstraints(equals: constraints.equals, subset: constraints.subset)
        return String(decoding: (try? JSONEncoder().encode(stored)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decodeConstraints(_ text: String?) -> GrantConstraints? {
        guard let text, let stored = try? JSONDecoder().decode(StoredConstraints.self, from: Data(text.utf8)) else { return nil }
        return GrantConstraints(equals: stored.equals, subset: stored.subset)
    }
}
