// The campaign server's schema, versioned and applied in order by `dutydesk network setup`
// (issue 11, item 2; decision 0013; docs/network.md "What the server stores").

/// The schema's migrations. Each runs once, in one transaction with its row in
/// `dutydesk.schema_migrations`; `network setup` applies those missing, under an advisory
/// lock so two administrators cannot apply one twice. Never edit a released migration: add one.
public enum NetworkSchema {
    /// Highest version this build knows. A server with a higher one was set up by a newer
    /// DutyDesk: setup and sync refuse it rather than guess.
    public static var currentVersion: Int { migrations.count }

    /// The group role every desk's own role belongs to.
    public static let deskGroupRole = "dutydesk_desk"

    /// The channel `sync` LISTENs on; notified once per transaction that inserts records or grants.
    public static let notifyChannel = "dutydesk_records"

    /// Migration `n`'s statements, in order (PostgreSQL's extended protocol runs one at a time).
    static func statements(ofMigration n: Int) -> [String] { splitStatements(migrations[n - 1]) }

    /// Splits SQL at the `;` that end statements: not inside quotes, comments or `$tag$` bodies.
    static func splitStatements(_ sql: String) -> [String] {
        var out: [String] = []
        var current = ""
        var dollarTag: String?
        var inQuote = false
        var inComment = false
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inComment {
                current.append(c)
                if c == "\n" { inComment = false }
            } else if let tag = dollarTag {
                if c == "$", String(chars[i..<min(chars.count, i + tag.count)]) == tag {
                    current += tag
                    i += tag.count
                    dollarTag = nil
                    continue
                }
                current.append(c)
            } else if inQuote {
                current.append(c)
                if c == "'" { inQuote = false }
            } else if c == "'" {
                inQuote = true
                current.append(c)
            } else if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                inComment = true
                current.append(c)
            } else if c == "$", let end = chars[(i + 1)...].firstIndex(of: "$"),
                chars[(i + 1)..<end].allSatisfy({ $0.isLetter || $0 == "_" })
            {
                let tag = String(chars[i...end])
                dollarTag = tag
                current += tag
                i = end + 1
                continue
            } else if c == ";" {
                let t = current.trimmingCharacters()
                if !t.isEmpty { out.append(t) }
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        let t = current.trimmingCharacters()
        if !t.isEmpty { out.append(t) }
        return out.filter {
            !$0.split(separator: "\n").allSatisfy {
                $0.trimmingCharacters().hasPrefix("--") || $0.trimmingCharacters().isEmpty
            }
        }
    }

    /// Migration 1..n, SQL run as the administrator.
    static let migrations: [String] = [
        #"""
        CREATE SCHEMA IF NOT EXISTS dutydesk;
        -- Roles belong to the whole server: two campaigns' databases set up at once both try.
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dutydesk_desk') THEN
            CREATE ROLE dutydesk_desk NOLOGIN;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        -- The campaign this server carries: one row. focal_unit is Division 1 (letter 4237, items 6-9).
        CREATE TABLE dutydesk.campaign (
          id text PRIMARY KEY,
          focal_unit text NOT NULL,
          one_row boolean NOT NULL DEFAULT true UNIQUE CHECK (one_row)
        );
        -- Enrolled desks: the directory every desk reads (codes, units, public keys).
        CREATE TABLE dutydesk.desks (
          code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{2,16}$'),
          unit text NOT NULL,
          name text,
          role_name name NOT NULL UNIQUE,
          public_key text NOT NULL,
          enrolled_at timestamptz NOT NULL DEFAULT now(),
          last_contact timestamptz
        );
        -- Records as their desk wrote them (line), signed (sig), with what routing needs.
        -- tx: the inserting transaction, for the pull cursor (decision 0013).
        CREATE TABLE dutydesk.records (
          pos bigserial PRIMARY KEY,
          tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
          origin text NOT NULL REFERENCES dutydesk.desks (code),
          origin_unit text NOT NULL,
          origin_seq bigint NOT NULL CHECK (origin_seq >= 1),
          variant text NOT NULL DEFAULT 'full' CHECK (variant IN ('full', 'redacted')),
          level text NOT NULL CHECK (level IN ('campaign', 'amber+strict', 'amber', 'green', 'clear')),
          subject text,
          personal boolean NOT NULL DEFAULT false,
          type text NOT NULL,
          hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
          chain_hash text NOT NULL CHECK (chain_hash ~ '^[0-9a-f]{64}$'),
          prev text NOT NULL CHECK (prev ~ '^[0-9a-f]{64}$'),
          sig text NOT NULL,
          line text NOT NULL,
          pushed_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (origin, origin_seq, variant)
        );
        CREATE INDEX records_tx_pos ON dutydesk.records (tx, pos);
        CREATE INDEX records_subject ON dutydesk.records (subject) WHERE subject IS NOT NULL;
        -- A subject (alert or request id) routed to a unit: assignment, escalation, request (item 4).
        CREATE TABLE dutydesk.grants (
          pos bigserial PRIMARY KEY,
          tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
          subject text NOT NULL,
          unit text NOT NULL,
          origin text NOT NULL REFERENCES dutydesk.desks (code),
          origin_seq bigint NOT NULL,
          UNIQUE (subject, unit)
        );
        CREATE INDEX grants_tx_pos ON dutydesk.grants (tx, pos);

        -- Who is asking: the desk whose role logged in (SECURITY DEFINER reads desks as owner).
        CREATE FUNCTION dutydesk.my_desk() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
          SET search_path = pg_catalog, pg_temp
          AS $f$ SELECT code FROM dutydesk.desks WHERE role_name = session_user $f$;
        CREATE FUNCTION dutydesk.my_unit() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
          SET search_path = pg_catalog, pg_temp
          AS $f$ SELECT unit FROM dutydesk.desks WHERE role_name = session_user $f$;
        CREATE FUNCTION dutydesk.focal_unit() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
          SET search_path = pg_catalog, pg_temp
          AS $f$ SELECT focal_unit FROM dutydesk.campaign $f$;
        CREATE FUNCTION dutydesk.granted(subj text, u text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
          SET search_path = pg_catalog, pg_temp
          AS $f$ SELECT EXISTS (SELECT 1 FROM dutydesk.grants g WHERE g.subject = subj AND g.unit = u) $f$;
        -- A desk says it is alive (the units view's "last contact").
        CREATE FUNCTION dutydesk.touch() RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
          SET search_path = pg_catalog, pg_temp
          AS $f$ UPDATE dutydesk.desks SET last_contact = now() WHERE role_name = session_user $f$;

        CREATE FUNCTION dutydesk.notify_records() RETURNS trigger LANGUAGE plpgsql AS $f$
          BEGIN PERFORM pg_notify('dutydesk_records', ''); RETURN NULL; END $f$;
        CREATE TRIGGER records_notify AFTER INSERT ON dutydesk.records
          FOR EACH STATEMENT EXECUTE FUNCTION dutydesk.notify_records();
        CREATE TRIGGER grants_notify AFTER INSERT ON dutydesk.grants
          FOR EACH STATEMENT EXECUTE FUNCTION dutydesk.notify_records();

        -- Authorisation lives here (issue 11, item 2): row-level security.
        ALTER TABLE dutydesk.records ENABLE ROW LEVEL SECURITY;
        ALTER TABLE dutydesk.grants ENABLE ROW LEVEL SECURITY;
        -- A desk inserts only records of its own origin and unit.
        CREATE POLICY records_insert ON dutydesk.records FOR INSERT TO dutydesk_desk
          WITH CHECK (origin = dutydesk.my_desk() AND origin_unit = dutydesk.my_unit());
        -- A desk reads: its own records (both copies: INSERT ... RETURNING needs it); its own unit's records (full); Division 1 reads every full record;
        -- everyone reads the directory (level campaign); other units read, of another unit's
        -- records, those without personal data (or their redacted copy) that are green/clear,
        -- or amber and routed to them (a grant: the subject's owning unit always has one for
        -- other units' records about it). amber+strict: granted only to the owning unit and
        -- Division 1.
        CREATE POLICY records_select ON dutydesk.records FOR SELECT TO dutydesk_desk USING (
          dutydesk.my_desk() IS NOT NULL AND (
          origin = dutydesk.my_desk()
          OR (variant = 'full' AND (origin_unit = dutydesk.my_unit() OR dutydesk.my_unit() = dutydesk.focal_unit()))
          OR (level = 'campaign' AND variant = 'full')
          OR (
            origin_unit <> dutydesk.my_unit() AND dutydesk.my_unit() <> dutydesk.focal_unit()
            AND (variant = 'redacted' OR NOT personal)
            AND (level IN ('green', 'clear')
              OR (level IN ('amber', 'amber+strict') AND dutydesk.granted(subject, dutydesk.my_unit())))
          ))
        );
        CREATE POLICY grants_insert ON dutydesk.grants FOR INSERT TO dutydesk_desk
          WITH CHECK (origin = dutydesk.my_desk());
        CREATE POLICY grants_select ON dutydesk.grants FOR SELECT TO dutydesk_desk
          USING (unit = dutydesk.my_unit() OR origin = dutydesk.my_desk());

        GRANT USAGE ON SCHEMA dutydesk TO dutydesk_desk;
        GRANT SELECT ON dutydesk.campaign, dutydesk.desks TO dutydesk_desk;
        GRANT SELECT, INSERT ON dutydesk.records, dutydesk.grants TO dutydesk_desk;
        GRANT USAGE ON SEQUENCE dutydesk.records_pos_seq, dutydesk.grants_pos_seq TO dutydesk_desk;
        REVOKE ALL ON FUNCTION dutydesk.my_desk(), dutydesk.my_unit(), dutydesk.focal_unit(),
          dutydesk.granted(text, text), dutydesk.touch() FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION dutydesk.my_desk(), dutydesk.my_unit(), dutydesk.focal_unit(),
          dutydesk.granted(text, text), dutydesk.touch() TO dutydesk_desk;
        """#
    ]
}

extension StringProtocol {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
