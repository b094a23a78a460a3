import Logging
import Synchronization
import PostgresNIO
import TrentDomain

/// The PostgreSQL schema, in migrations applied in order and recorded in
/// `trent_schema_migrations`. A released migration never changes. Nodes starting together
/// take one transaction-scoped advisory lock first, so exactly one of them migrates and the
/// others find the work done.
enum PostgresSchema {
    /// An arbitrary constant naming Trent's migration lock among the database's advisory locks.
    static let migrationLock: Int64 = 0x7472_656E_745F_6D67  // "trent_mg"

    static let migrations: [(name: String, statements: [String])] = [
        ("pg-v1", [
            """
            CREATE TABLE meta (
                name TEXT PRIMARY KEY,
                value BYTEA NOT NULL
            )
            """,
            """
            CREATE TABLE keys (
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                key_id TEXT NOT NULL,
                creation_date DOUBLE PRECISION NOT NULL,
                description TEXT NOT NULL,
                key_spec TEXT NOT NULL,
                key_usage TEXT NOT NULL,
                origin TEXT NOT NULL,
                key_manager TEXT NOT NULL,
                state TEXT NOT NULL,
                multi_region BOOLEAN NOT NULL,
                deletion_date DOUBLE PRECISION,
                pending_window_days BIGINT,
                current_material_id TEXT NOT NULL,
                policy TEXT NOT NULL,
                tags TEXT NOT NULL,
                version BIGINT NOT NULL,
                multi_region_type TEXT,
                material_versions TEXT NOT NULL,
                rotation_period_days BIGINT,
                next_rotation_date DOUBLE PRECISION,
                next_expiry DOUBLE PRECISION,
                PRIMARY KEY (account, region, key_id)
            )
            """,
            "CREATE INDEX keys_by_deletion_date ON keys (deletion_date) WHERE deletion_date IS NOT NULL",
            "CREATE INDEX keys_by_next_rotation ON keys (next_rotation_date) WHERE next_rotation_date IS NOT NULL",
            "CREATE INDEX keys_by_next_expiry ON keys (next_expiry) WHERE next_expiry IS NOT NULL",
            "CREATE INDEX keys_by_state ON keys (state)",
            """
            CREATE TABLE key_materials (
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                key_id TEXT NOT NULL,
                material_id TEXT NOT NULL,
                sealed BYTEA NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account, region, key_id, material_id),
                FOREIGN KEY (account, region, key_id) REFERENCES keys (account, region, key_id) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE aliases (
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                name TEXT NOT NULL,
                target_key_id TEXT NOT NULL,
                creation_date DOUBLE PRECISION NOT NULL,
                last_updated_date DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account, region, name)
            )
            """,
            "CREATE INDEX aliases_by_target ON aliases (account, region, target_key_id)",
            """
            CREATE TABLE access_keys (
                access_key_id TEXT PRIMARY KEY,
                account TEXT NOT NULL,
                user_name TEXT NOT NULL,
                sealed_secret BYTEA NOT NULL
            )
            """,
            """
            CREATE TABLE grants (
                grant_id TEXT PRIMARY KEY,
                account TEXT NOT NULL,
                region TEXT NOT NULL,
                key_id TEXT NOT NULL,
                name TEXT NOT NULL,
                grantee TEXT NOT NULL,
                retiring TEXT,
                operations TEXT NOT NULL,
                constraints TEXT,
                issuing_account TEXT NOT NULL,
                creation_date DOUBLE PRECISION NOT NULL,
                FOREIGN KEY (account, region, key_id) REFERENCES keys (account, region, key_id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX grants_by_key ON grants (account, region, key_id)",
            """
            CREATE TABLE key_last_use (
                key_arn TEXT PRIMARY KEY,
                operation TEXT NOT NULL,
                time DOUBLE PRECISION NOT NULL,
                event_id TEXT NOT NULL,
                request_id TEXT NOT NULL
            )
            """,
        ]),
        ("pg-v2-nodes", [
            "CREATE TABLE trent_nodes (node_id TEXT PRIMARY KEY, last_seen DOUBLE PRECISION NOT NULL)",
        ]),
    ]

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await PostgresTransactions.run(client, logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS trent_schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger
            )
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM trent_schema_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO trent_schema_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }
}

/// BEGIN … COMMIT on one pooled connection, passing the body's own error through unchanged
/// (postgres-nio's `withTransaction` wraps it), so a `KMSError` thrown by a check inside a
/// transaction reaches the caller as itself.
enum PostgresTransactions {
    /// How long one store call may take before it fails: a database that is down or
    /// unreachable must make a write fail (AWS's DependencyTimeoutException), not hang it.
    static let deadline: Duration = .seconds(10)

    static let timedOut = StoreError.timedOut

    /// `body` within the deadline, or `timedOut`. A task group would wait for a body that is
    /// slow to notice its cancellation (a connection lease retrying a dead server), so the
    /// answer is given at the deadline and the body, cancelled, finishes on its own.
    static func withDeadline<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let once = AnswerOnce(continuation)
            let work = Task {
                do { once.answer(.success(try await body())) } catch { once.answer(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: deadline)
                if once.answer(.failure(timedOut)) { work.cancel() }
            }
        }
    }

    static func run<T: Sendable>(
        _ client: PostgresClient, logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withDeadline { try await inTransaction(client, logger: logger, body) }
    }

    private static func inTransaction<T: Sendable>(
        _ client: PostgresClient, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return value
        }
    }
}

/// Resumes a continuation with whichever answer comes first.
private final class AnswerOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = Mutex(continuation)
    }

    @discardableResult
    func answer(_ result: Result<T, any Error>) -> Bool {
        guard let waiting = continuation.withLock({ current in
            defer { current = nil }
            return current
        }) else { return false }
        waiting.resume(with: result)
        return true
    }
}
