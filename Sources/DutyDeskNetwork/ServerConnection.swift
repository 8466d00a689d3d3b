// One connection to the campaign's PostgreSQL server, through postgres-nio (issue 11;
// decision 0013). Every query of the network goes through here, so errors read the same.
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#endif

/// A connection to the campaign server.
///
/// Not shared between tasks: a sync process holds one for its work and a second one that
/// only LISTENs. Queries bind their values (`\(value)` in a `PostgresQuery` is a `$n`
/// parameter); only migrations and role DDL, whose text this module builds from checked
/// values, are sent as literal SQL.
public final class ServerConnection: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Where it is connected (no password).
    public let url: DatabaseURL

    init(connection: PostgresConnection, logger: Logger, url: DatabaseURL) {
        self.connection = connection
        self.logger = logger
        self.url = url
    }

    /// Connects and logs in (SCRAM-SHA-256 when the server asks for it).
    /// - Parameter timeout: how long to wait for the TCP connection and the login.
    /// - Throws: `NetworkError.unavailable` (unreachable, refused, login failed, TLS failed).
    public static func connect(_ url: DatabaseURL, timeout: Duration = .seconds(5)) async throws(NetworkError)
        -> ServerConnection
    {
        var logger = Logger(label: "dutydesk.network")
        logger.logLevel = .critical
        let tls: PostgresConnection.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .require:
            do {
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw .unavailable("TLS: \(error)")
            }
        }
        var config = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        config.options.connectTimeout = TimeAmount.nanoseconds(
            Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        do {
            let c = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
            return ServerConnection(connection: c, logger: logger, url: url)
        } catch {
            throw .unavailable("\(url): \(Self.describe(error))")
        }
    }

    /// A connection dropped without `close()` (an error left its scope) is closed here; the
    /// close's own callback keeps it alive until the channel is shut.
    deinit {
        let c = connection
        if !c.isClosed { c.close().whenComplete { _ in withExtendedLifetime(c) {} } }
    }

    /// Connects, runs `body`, and closes the connection whether `body` returned or threw.
    public static func with<T: Sendable>(
        _ url: DatabaseURL, timeout: Duration = .seconds(5), _ body: (ServerConnection) async throws -> T
    ) async throws -> T {
        let c = try await connect(url, timeout: timeout)
        do {
            let value = try await body(c)
            await c.close()
            return value
        } catch {
            await c.close()
            throw error
        }
    }

    /// Closes the connection (errors ignored: the server may already be gone).
    public func close() async {
        try? await connection.close()
    }

    /// Runs `query` and returns its rows.
    /// - Throws: `NetworkError.server` with the SQLSTATE and the server's message, or
    ///   `.unavailable` when the link broke.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws(NetworkError) -> [PostgresRow] {
        // A query written to a connection the server already cut is never answered: refuse it.
        if connection.isClosed { throw .unavailable("the connection to the server was closed") }
        // And one in flight when the link dies may wait for ever: the first of the answer and
        // a deadline wins; on the deadline the connection is closed and the caller reconnects.
        let c = connection
        let log = logger
        let outcome = OneShot<Result<[PostgresRow], NetworkError>>()
        let result: Result<[PostgresRow], NetworkError> = await withCheckedContinuation { k in
            outcome.onFirst = { k.resume(returning: $0) }
            let work = Task {
                do {
                    var out: [PostgresRow] = []
                    for try await row in try await c.query(query, logger: log) { out.append(row) }
                    outcome.offer(.success(out))
                } catch {
                    outcome.offer(.failure(Self.networkError(error)))
                }
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(Self.queryDeadlineSeconds * 1e9))
                if outcome.offer(
                    .failure(.unavailable("no answer from the server in \(Int(Self.queryDeadlineSeconds)) s")))
                {
                    work.cancel()
                    c.close().whenComplete { _ in withExtendedLifetime(c) {} }
                }
            }
        }
        return try result.get()
    }

    /// How long one statement may wait for the server before the connection is given up (s).
    static let queryDeadlineSeconds: Double = 30

    /// Runs literal SQL with no parameters (one statement).
    func execute(_ sql: String) async throws(NetworkError) {
        try await rows(PostgresQuery(unsafeSQL: sql))
    }

    /// Runs `body` in one transaction: COMMIT when it returns, ROLLBACK when it throws.
    func transaction<T: Sendable>(_ body: (ServerConnection) async throws(NetworkError) -> T) async throws(NetworkError)
        -> T
    {
        try await execute("BEGIN")
        do {
            let value = try await body(self)
            try await execute("COMMIT")
            return value
        } catch {
            try? await execute("ROLLBACK")
            throw error
        }
    }

    /// Calls `ready` once the server has the LISTEN (notifications from then on arrive), then
    /// `onNotify` for every NOTIFY on `channel` until the task is cancelled or the link breaks.
    /// - Throws: `NetworkError.unavailable` when the link breaks.
    public func listen(
        _ channel: String, ready: @Sendable () -> Void = {}, _ onNotify: @Sendable () -> Void
    ) async throws(NetworkError) {
        do {
            try await connection.listen(on: channel) { notifications in
                ready()
                for try await _ in notifications { onNotify() }
            }
        } catch {
            if Task.isCancelled { return }
            throw Self.networkError(error)
        }
    }

    static func networkError(_ error: any Error) -> NetworkError {
        if let p = error as? PSQLError, p.code == .server {
            let state = p.serverInfo?[.sqlState] ?? "?"
            let message = p.serverInfo?[.message] ?? "error"
            return .server("\(message) (SQLSTATE \(state))")
        }
        return .unavailable(describe(error))
    }

    /// A short, single-line account of a connection error (postgres-nio's `String(reflecting:)`
    /// carries the query text and binds, which may hold a desk's records).
    static func describe(_ error: any Error) -> String {
        if let p = error as? PSQLError {
            if let m = p.serverInfo?[.message] {
                return "\(m) (SQLSTATE \(p.serverInfo?[.sqlState] ?? "?"))"
            }
            if let u = p.underlying { return "\(p.code): \(u)" }
            return "\(p.code)"
        }
        if let e = error as? NetworkError { return e.text }
        return "\(error)"
    }
}

/// A value delivered once: the first `offer` wins (and returns true), later ones are dropped.
final class OneShot<T: Sendable>: @unchecked Sendable {
    private var done = false
    private var mutex = pthread_mutex_t()
    var onFirst: ((T) -> Void)?
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    @discardableResult
    func offer(_ value: T) -> Bool {
        pthread_mutex_lock(&mutex)
        let first = !done
        done = true
        let deliver = onFirst
        pthread_mutex_unlock(&mutex)
        if first { deliver?(value) }
        return first
    }
}
