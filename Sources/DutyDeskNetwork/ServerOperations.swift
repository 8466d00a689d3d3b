// The statements of the network: set-up, enrolment, push and pull (issue 11, items 2 and 3;
// decision 0013). Authorisation is not here but in the server's row-level security
// (Schema.swift): these statements run as the desk's own role and see only what it may.
import PostgresNIO

extension ServerConnection {
    // MARK: Set-up (administrator)

    /// Creates or migrates the schema and records the campaign. Idempotent: a second run
    /// applies nothing. Under a transaction-scoped advisory lock, so concurrent runs serialise.
    /// - Returns: the schema version before and after.
    /// - Throws: `NetworkError.refused` when the server carries another campaign or a newer
    ///   schema; `.server`/`.unavailable` otherwise.
    public func setUp(campaignID: String, focalUnit: String) async throws(NetworkError) -> (from: Int, to: Int) {
        try await transaction { c throws(NetworkError) in
            try await c.execute("SELECT pg_advisory_xact_lock(4237)")
            try await c.execute(
                "CREATE TABLE IF NOT EXISTS public.dutydesk_schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            let rows = try await c.rows("SELECT coalesce(max(version), 0)::int8 FROM public.dutydesk_schema_migrations")
            let from = Int(try Self.decodeOne(rows.first, as: Int64.self))
            if from > NetworkSchema.currentVersion {
                throw .refused(
                    "the server's schema is version \(from), newer than this DutyDesk's \(NetworkSchema.currentVersion): upgrade DutyDesk"
                )
            }
            for n in (from + 1)..<(NetworkSchema.currentVersion + 1) {
                for statement in NetworkSchema.statements(ofMigration: n) { try await c.execute(statement) }
                try await c.rows("INSERT INTO public.dutydesk_schema_migrations (version) VALUES (\(n))")
            }
            // Only enrolled desks (and the administrator) may connect to the campaign's database.
            try await c.execute("REVOKE CONNECT ON DATABASE \(Self.quotedIdentifier(c.url.database)) FROM PUBLIC")
            let existing = try await c.rows("SELECT id, focal_unit FROM dutydesk.campaign")
            if let row = existing.first {
                let (id, focal) = try Self.decode(row, as: (String, String).self)
                if id != campaignID {
                    throw .refused("the server carries campaign \(id), not \(campaignID)")
                }
                if focal != focalUnit {
                    try await c.rows("UPDATE dutydesk.campaign SET focal_unit = \(focalUnit)")
                }
            } else {
                try await c.rows("INSERT INTO dutydesk.campaign (id, focal_unit) VALUES (\(campaignID), \(focalUnit))")
            }
            return (from, NetworkSchema.currentVersion)
        }
    }

    /// The schema version the server is at (0 when never set up).
    public func schemaVersion() async throws(NetworkError) -> Int {
        let t = try await rows("SELECT to_regclass('public.dutydesk_schema_migrations') IS NOT NULL")
        guard try Self.decodeOne(t.first, as: Bool.self) else { return 0 }
        let rows = try await rows("SELECT coalesce(max(version), 0)::int8 FROM public.dutydesk_schema_migrations")
        return Int(try Self.decodeOne(rows.first, as: Int64.self))
    }

    // MARK: Enrolment (administrator)

    /// The PostgreSQL role of a desk: `dd_`, the database's name, `_`, the desk code, in lower
    /// case with `-` as `_` (`dd_dutydesk_dtcbl_p1`): roles belong to the whole server, which
    /// may carry several campaigns' databases.
    public static func roleName(forDesk code: String, database: String) -> String {
        let safe = database.lowercased().unicodeScalars.map { s -> Character in
            (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39) ? Character(s) : "_"
        }
        return "dd_" + String(String(safe).prefix(40)) + "_"
            + code.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Registers a desk: its own login role (in `dutydesk_desk`, password stored as a
    /// SCRAM-SHA-256 verifier), its unit, name and public key. Enrolling again rotates the
    /// password; a different public key is refused unless `replacingKey` (a desk whose key was
    /// lost is re-keyed on purpose, never by accident).
    /// - Parameter password: the generated password (`[A-Za-z0-9_-]` only: it is sent as a literal).
    /// - Throws: `NetworkError.refused` (schema not set up, another key, another unit).
    public func enrol(
        desk code: String, unit: String, name: String?, publicKey: String, password: String, replacingKey: Bool
    ) async throws(NetworkError) {
        guard code.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
            (2...16).contains(code.utf8.count)
        else { throw .refused("desk code \(code) is not 2-16 of A-Z, 0-9 and -") }
        guard
            password.utf8.allSatisfy({ b in
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
                    || b == 0x5F
            }), password.utf8.count >= 24
        else { throw .refused("internal: a generated password has an unexpected character") }
        guard try await schemaVersion() >= 1 else {
            throw .refused("the server is not set up: run dutydesk network setup --database URL first")
        }
        let role = Self.roleName(forDesk: code, database: url.database)
        try await transaction { c throws(NetworkError) in
            try await c.execute("SELECT pg_advisory_xact_lock(4238)")
            let existing = try await c.rows("SELECT unit, public_key FROM dutydesk.desks WHERE code = \(code)")
            if let row = existing.first {
                let (oldUnit, oldKey) = try Self.decode(row, as: (String, String).self)
                if oldUnit != unit { throw .refused("desk \(code) is enrolled for unit \(oldUnit), not \(unit)") }
                if oldKey != publicKey && !replacingKey {
                    throw .refused(
                        "desk \(code) is enrolled with another public key; give --replace-key to re-key it on purpose")
                }
            }
            try await c.execute("SET LOCAL password_encryption = 'scram-sha-256'")
            let roleExists = try await c.rows("SELECT 1 FROM pg_roles WHERE rolname = \(role)")
            if roleExists.isEmpty {
                try await c.execute(
                    "CREATE ROLE \(role) LOGIN PASSWORD '\(password)' IN ROLE \(NetworkSchema.deskGroupRole)")
            } else {
                try await c.execute("ALTER ROLE \(role) LOGIN PASSWORD '\(password)'")
                try await c.execute("GRANT \(NetworkSchema.deskGroupRole) TO \(role)")
            }
            try await c.execute("GRANT CONNECT ON DATABASE \(Self.quotedIdentifier(url.database)) TO \(role)")
            try await c.rows(
                """
                INSERT INTO dutydesk.desks (code, unit, name, role_name, public_key) VALUES (\(code), \(unit), \(name), \(role), \(publicKey))
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, public_key = EXCLUDED.public_key
                """)
        }
    }

    /// The directory of enrolled desks, ordered by code.
    public func directory() async throws(NetworkError) -> [EnrolledDesk] {
        let rows = try await rows(
            "SELECT code, unit, name, public_key, to_char(last_contact AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM dutydesk.desks ORDER BY code"
        )
        var out: [EnrolledDesk] = []
        for row in rows {
            let (code, unit, name, key, last) = try Self.decode(
                row, as: (String, String, String?, String, String?).self)
            out.append(EnrolledDesk(code: code, unit: unit, name: name, publicKey: key, lastContact: last))
        }
        return out
    }

    // MARK: Push (desk)

    /// The highest seq of this desk's own records on the server (0 before the first push).
    public func pushedThrough() async throws(NetworkError) -> Int {
        let rows = try await rows(
            "SELECT coalesce(max(origin_seq), 0)::int8 FROM dutydesk.records WHERE origin = dutydesk.my_desk() AND variant = 'full'"
        )
        return Int(try Self.decodeOne(rows.first, as: Int64.self))
    }

    /// Inserts `records` (and their grants) in one transaction. A row already on the server
    /// with the same hash is skipped (a resend); one with a different hash is a fork: then
    /// nothing is committed and the forks are returned.
    public func push(_ records: [OutgoingRecord]) async throws(NetworkError) -> PushOutcome {
        if records.isEmpty { return PushOutcome(inserted: 0, alreadyThere: 0, forks: []) }
        return try await transaction { c throws(NetworkError) in
            let seqs = records.map { Int64($0.seq) }
            let inserted = try await c.rows(
                """
                INSERT INTO dutydesk.records (origin, origin_unit, origin_seq, variant, level, subject, personal, type, hash, chain_hash, prev, sig, line)
                SELECT dutydesk.my_desk(), dutydesk.my_unit(), s, v, l, NULLIF(sj, ''), p, t, h, ch, pr, sg, ln
                FROM unnest(\(seqs)::int8[], \(records.map(\.variant.rawValue))::text[], \(records.map(\.level))::text[],
                  \(records.map { $0.subject ?? "" })::text[], \(records.map(\.personal))::bool[], \(records.map(\.type))::text[],
                  \(records.map(\.hash))::text[], \(records.map(\.chainHash))::text[], \(records.map(\.prev))::text[],
                  \(records.map(\.signature))::text[], \(records.map(\.line))::text[])
                  AS r(s, v, l, sj, p, t, h, ch, pr, sg, ln)
                ON CONFLICT (origin, origin_seq, variant) DO NOTHING
                RETURNING origin_seq, variant
                """)
            var fresh = Set<String>()
            for row in inserted {
                let (s, v) = try Self.decode(row, as: (Int64, String).self)
                fresh.insert("\(s)/\(v)")
            }
            var forks: [(seq: Int, serverHash: String)] = []
            let stale = records.filter { !fresh.contains("\($0.seq)/\($0.variant.rawValue)") }
            if !stale.isEmpty {
                let onServer = try await c.rows(
                    """
                    SELECT origin_seq, variant, hash FROM dutydesk.records
                    WHERE origin = dutydesk.my_desk() AND origin_seq = ANY(\(stale.map { Int64($0.seq) })::int8[])
                    """)
                var hashes: [String: String] = [:]
                for row in onServer {
                    let (s, v, h) = try Self.decode(row, as: (Int64, String, String).self)
                    hashes["\(s)/\(v)"] = h
                }
                for r in stale {
                    let key = "\(r.seq)/\(r.variant.rawValue)"
                    // The full copy's hash is the chain's; a redacted copy differs only if the
                    // full one does, so the full copy decides.
                    if r.variant == .full, let h = hashes[key], h != r.hash { forks.append((r.seq, h)) }
                }
            }
            if !forks.isEmpty { throw .refused(Self.forkText(forks)) }
            let grants = records.flatMap { r in r.grants.map { (r.subject ?? "", $0, Int64(r.seq)) } }
                .filter { !$0.0.isEmpty }
            if !grants.isEmpty {
                try await c.rows(
                    """
                    INSERT INTO dutydesk.grants (subject, unit, origin, origin_seq)
                    SELECT s, u, dutydesk.my_desk(), q FROM unnest(\(grants.map(\.0))::text[], \(grants.map(\.1))::text[], \(grants.map(\.2))::int8[]) AS g(s, u, q)
                    ON CONFLICT (subject, unit) DO NOTHING
                    """)
            }
            try await c.execute("SELECT dutydesk.touch()")
            return PushOutcome(inserted: fresh.count, alreadyThere: records.count - fresh.count, forks: [])
        }
    }

    /// `"name"` with inner quotes doubled.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func forkText(_ forks: [(seq: Int, serverHash: String)]) -> String {
        let first = forks[0]
        return
            "this desk's log forked: the server holds another record as seq \(first.seq) (hash \(first.serverHash.prefix(12))…)"
            + (forks.count > 1 ? " and \(forks.count - 1) more" : "")
            + ". The log was restored from an older copy and written again; nothing was pushed (docs/network.md, \"Recovering a desk\")."
    }

    /// Records a sign of life without pushing (the units view's last contact).
    public func touch() async throws(NetworkError) {
        try await execute("SELECT dutydesk.touch()")
    }

    // MARK: Pull (desk)

    /// Up to `limit` rows after `cursor` that this desk may read, in commit order, only from
    /// transactions older than every one still running. Rows of this desk's own origin
    /// advance the cursor but carry no line. Returns the rows and the cursor after the last.
    public func pull(after cursor: PullCursor, limit: Int) async throws(NetworkError) -> (
        records: [PulledRecord], cursor: PullCursor, more: Bool
    ) {
        let rows = try await rows(
            """
            SELECT pos, tx::text, origin, origin_seq, variant, hash, chain_hash, prev, sig,
              CASE WHEN origin = dutydesk.my_desk() THEN NULL ELSE line END, subject, type
            FROM dutydesk.records
            WHERE (tx, pos) > (\(String(cursor.tx))::xid8, \(cursor.pos)) AND tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx, pos LIMIT \(Int64(limit))
            """)
        var out: [PulledRecord] = []
        var last = cursor
        for row in rows {
            let r = try Self.pulled(row)
            last = r.cursor
            if !r.line.isEmpty { out.append(r) }
        }
        return (out, last, rows.count == limit)
    }

    /// Whether rows this desk may read were committed after `cursor` but are not readable yet
    /// because a transaction older than them is still running — anywhere on the server: the
    /// snapshot's xmin is the whole cluster's. The pull waits for it rather than skip them.
    public func blockedAfter(_ cursor: PullCursor) async throws(NetworkError) -> Bool {
        let rows = try await rows(
            """
            SELECT EXISTS (SELECT 1 FROM dutydesk.records
              WHERE (tx, pos) > (\(String(cursor.tx))::xid8, \(cursor.pos)) AND origin <> dutydesk.my_desk())
            """)
        return try Self.decodeOne(rows.first, as: Bool.self)
    }

    /// Subjects routed to this desk's unit after `cursor` (grants' own commit order).
    public func grants(after cursor: PullCursor) async throws(NetworkError) -> (subjects: [String], cursor: PullCursor)
    {
        let rows = try await rows(
            """
            SELECT pos, tx::text, subject FROM dutydesk.grants
            WHERE unit = dutydesk.my_unit() AND (tx, pos) > (\(String(cursor.tx))::xid8, \(cursor.pos))
              AND tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx, pos
            """)
        var last = cursor
        var subjects: [String] = []
        for row in rows {
            let (pos, tx, subject) = try Self.decode(row, as: (Int64, String, String).self)
            guard let t = UInt64(tx) else { throw .server("a grant's tx \(tx) is not a number") }
            last = PullCursor(tx: t, pos: pos)
            subjects.append(subject)
        }
        return (subjects, last)
    }

    /// Every row about `subjects` that this desk may now read (after a grant routed them to
    /// it), other desks' only, in origin and seq order — only from transactions older than
    /// every one still running, as the pull: a newer row comes with the stream, after the
    /// records its desk wrote before it (its desk record first).
    public func records(about subjects: [String]) async throws(NetworkError) -> [PulledRecord] {
        if subjects.isEmpty { return [] }
        let rows = try await rows(
            """
            SELECT pos, tx::text, origin, origin_seq, variant, hash, chain_hash, prev, sig, line, subject, type
            FROM dutydesk.records WHERE subject = ANY(\(subjects)::text[]) AND origin <> dutydesk.my_desk()
              AND tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY origin, origin_seq, variant
            """)
        var out: [PulledRecord] = []
        for row in rows { out.append(try Self.pulled(row)) }
        return out
    }

    static func pulled(_ row: PostgresRow) throws(NetworkError) -> PulledRecord {
        let (pos, tx, origin, seq, variant, hash, chain, prev, sig, line, subject, type) = try decode(
            row,
            as: (Int64, String, String, Int64, String, String, String, String, String, String?, String?, String).self)
        guard let t = UInt64(tx), let v = RecordVariant(rawValue: variant) else {
            throw .server("a record row has tx \(tx) / variant \(variant)")
        }
        return PulledRecord(
            cursor: PullCursor(tx: t, pos: pos), origin: origin, originSeq: Int(seq), subject: subject, type: type,
            variant: v,
            hash: hash,
            chainHash: chain, prev: prev, signature: sig, line: line ?? "")
    }

    // MARK: Decoding

    static func decodeOne<C: PostgresDecodable>(_ row: PostgresRow?, as type: C.Type) throws(NetworkError) -> C {
        guard let row else { throw .server("no row where one was expected") }
        do {
            return try row.decode(C.self)
        } catch {
            throw .server("unexpected row shape: \(error)")
        }
    }

    static func decode<each C: PostgresDecodable>(_ row: PostgresRow?, as type: (repeat each C).Type)
        throws(NetworkError) -> (repeat each C)
    {
        guard let row else { throw .server("no row where one was expected") }
        do {
            return try row.decode((repeat each C).self)
        } catch {
            throw .server("unexpected row shape: \(error)")
        }
    }
}
