import GRDB

/// Schema migrations, from the first version on. A migration, once released, never changes:
/// later schema changes are new migrations appended here.
enum SQLiteSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    name TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL
                );
                CREATE TABLE keys (
                    account TEXT NOT NULL,
                    region TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    creation_date REAL NOT NULL,
                    description TEXT NOT NULL,
                    key_spec TEXT NOT NULL,
                    key_usage TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    key_manager TEXT NOT NULL,
                    state TEXT NOT NULL,
                    multi_region INTEGER NOT NULL,
                    deletion_date REAL,
                    pending_window_days INTEGER,
                    current_material_id TEXT NOT NULL,
                    policy TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    PRIMARY KEY (account, region, key_id)
                );
                CREATE INDEX keys_by_deletion_date ON keys(deletion_date) WHERE deletion_date IS NOT NULL;
                CREATE TABLE key_materials (
                    account TEXT NOT NULL,
                    region TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    material_id TEXT NOT NULL,
                    sealed BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (account, region, key_id, material_id),
                    FOREIGN KEY (account, region, key_id) REFERENCES keys(account, region, key_id) ON DELETE CASCADE
                );
                CREATE TABLE aliases (
                    account TEXT NOT NULL,
                    region TEXT NOT NULL,
                    name TEXT NOT NULL,
                    target_key_id TEXT NOT NULL,
                    creation_date REAL NOT NULL,
                    last_updated_date REAL NOT NULL,
                    PRIMARY KEY (account, region, name)
                );
                CREATE INDEX aliases_by_target ON aliases(account, region, target_key_id);
                CREATE TABLE access_keys (
                    access_key_id TEXT PRIMARY KEY NOT NULL,
                    account TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    sealed_secret BLOB NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-grants") { db in
            try db.execute(sql: """
                CREATE TABLE grants (
                    grant_id TEXT PRIMARY KEY NOT NULL,
                    account TEXT NOT NULL,
                    region TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    grantee TEXT NOT NULL,
                    retiring TEXT,
                    operations TEXT NOT NULL,
                    constraints TEXT,
                    issuing_account TEXT NOT NULL,
                    creation_date REAL NOT NULL,
                    FOREIGN KEY (account, region, key_id) REFERENCES keys(account, region, key_id) ON DELETE CASCADE
                );
                CREATE INDEX grants_by_key ON grants(account, region, key_id);
                """)
        }
        migrator.registerMigration("v3-material-lifecycle") { db in
            try db.execute(sql: """
                ALTER TABLE keys ADD COLUMN multi_region_type TEXT;
                ALTER TABLE keys ADD COLUMN material_versions TEXT NOT NULL DEFAULT '[]';
                ALTER TABLE keys ADD COLUMN rotation_period_days INTEGER;
                ALTER TABLE keys ADD COLUMN next_rotation_date REAL;
                ALTER TABLE keys ADD COLUMN next_expiry REAL;
                CREATE INDEX keys_by_next_rotation ON keys(next_rotation_date) WHERE next_rotation_date IS NOT NULL;
                CREATE INDEX keys_by_next_expiry ON keys(next_expiry) WHERE next_expiry IS NOT NULL;
                CREATE TABLE key_last_use (
                    key_arn TEXT PRIMARY KEY NOT NULL,
                    operation TEXT NOT NULL,
                    time REAL NOT NULL,
                    event_id TEXT NOT NULL,
                    request_id TEXT NOT NULL
                );
                """)
            // Keys from before material versions were recorded had exactly one material each.
            // The JSON is written here literally, not by today's encoder, so that this
            // migration stays what it was when released.
            try db.execute(sql: """
                UPDATE keys SET material_versions = (
                    SELECT '[{"createdAt":' || printf('%.6f', m.created_at) || ',"materialId":"' || m.material_id
                        || '","pendingRotation":false}]'
                    FROM key_materials m
                    WHERE m.account = keys.account AND m.region = keys.region AND m.key_id = keys.key_id
                    ORDER BY m.created_at LIMIT 1
                )
                WHERE EXISTS (
                    SELECT 1 FROM key_materials m
                    WHERE m.account = keys.account AND m.region = keys.region AND m.key_id = keys.key_id
                );
                """)
        }
        return migrator
    }
}
