import Dashboard
import Foundation
import Testing

@testable import DutyDeskCLI

#if canImport(Glibc)
    import Glibc
#endif

/// The saved filters file (issue 13, item 7): where it is, a missing file read as empty, an
/// atomic write that keeps other names, and a damaged file never written over.
@Suite struct SavedFiltersFileTests {
    @Test func thePathFollowsXDGThenHome() {
        #expect(
            SavedFiltersFile.path(environment: ["XDG_CONFIG_HOME": "/x/conf", "HOME": "/home/lan"])
                == "/x/conf/dutydesk/filters.json")
        // A relative XDG_CONFIG_HOME does not count (the XDG rule).
        #expect(
            SavedFiltersFile.path(environment: ["XDG_CONFIG_HOME": "conf", "HOME": "/home/lan"])
                == "/home/lan/.config/dutydesk/filters.json")
        #expect(SavedFiltersFile.path(environment: ["HOME": "/home/lan/"]) == "/home/lan/.config/dutydesk/filters.json")
    }

    @Test func aSaveWritesTheWholeFileAtomicallyAndKeepsOtherNames() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/conf/dutydesk/filters.json"
        #expect(SavedFiltersFile.read(path) == .success(SavedFilters()))
        let a = SavedFilter(pane: .alerts, query: "unit:HQLS prio:crit")
        guard case .success(let first) = SavedFiltersFile.save("lang-son", a, path: path) else {
            Issue.record("not saved")
            return
        }
        #expect(first.names == ["lang-son"])
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(stat(dir + "/conf/dutydesk", &st) == 0 && st.st_mode & 0o777 == 0o700)
        // Another dashboard of the same user saved meanwhile: both names are kept.
        let other = SavedFilters().setting("lang-son", a).setting("ivory", SavedFilter(pane: .alerts, query: "ngà"))
        try Data(other.encoded()).write(to: URL(fileURLWithPath: path))
        let b = SavedFilter(pane: .deadlines, query: "nhanh")
        let second = SavedFiltersFile.save("reports", b, path: path)
        #expect((try? second.get().names) == ["ivory", "lang-son", "reports"])
        #expect(SavedFiltersFile.read(path) == second)
        // No temporary file is left beside it.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir + "/conf/dutydesk")
        #expect(left == ["filters.json"])
    }

    @Test func aDamagedFileIsNeverWrittenOver() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/filters.json"
        writeFile(path, "{\"version\":1,\"filters\":{\"a\":")
        guard case .failure(let p) = SavedFiltersFile.read(path), case .notJSON = p else {
            Issue.record("a damaged file was read")
            return
        }
        let r = SavedFiltersFile.save("b", SavedFilter(pane: .alerts, query: "x"), path: path)
        #expect((try? r.get()) == nil)
        #expect(readText(path) == "{\"version\":1,\"filters\":{\"a\":")
        // A directory where the file should be: unreadable, not created over.
        let d2 = dir + "/dir.json"
        try FileManager.default.createDirectory(atPath: d2, withIntermediateDirectories: true)
        guard case .failure(.unreadable) = SavedFiltersFile.read(d2) else {
            Issue.record("a directory was read as saved filters")
            return
        }
    }
}
