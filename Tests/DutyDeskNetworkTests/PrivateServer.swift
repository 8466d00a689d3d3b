// One private PostgreSQL server per test process (issue 11, item 7): started on first use,
// stopped at exit; each test takes a database of its own.
import DutyDeskNetwork
import Foundation
import Testing

nonisolated(unsafe) private var sharedServer: LocalServer?
private let serverLock = NSLock()

/// The test process's private server, started on first use.
func privateServer() throws -> LocalServer {
    serverLock.lock()
    defer { serverLock.unlock() }
    if let s = sharedServer { return s }
    let s = try LocalServer.start(durable: false)
    sharedServer = s
    atexit { sharedServer?.stop() }
    return s
}

/// A new database on the private server, set up for the Golden Strike campaign.
func freshCampaignDatabase() async throws -> (LocalServer, DatabaseURL) {
    let server = try privateServer()
    let name = "t_" + randomToken(10).lowercased().replacingOccurrences(of: "-", with: "_")
    try await server.createDatabase(name)
    let url = server.adminURL(database: name)
    let admin = try await ServerConnection.connect(url)
    _ = try await admin.setUp(campaignID: "golden-strike-2021", focalUnit: "DTCBL-P1")
    await admin.close()
    return (server, url)
}

/// Enrols `desk` of `unit` with a made-up key and returns its own URL.
func enrolDesk(_ admin: DatabaseURL, _ desk: String, unit: String, key: String = "k") async throws -> DatabaseURL {
    let password = randomToken(32)
    try await ServerConnection.with(admin) { c in
        try await c.enrol(desk: desk, unit: unit, name: nil, publicKey: key, password: password, replacingKey: false)
    }
    var url = admin
    url.user = ServerConnection.roleName(forDesk: desk, database: admin.database)
    url.password = password
    return url
}
