import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 12, items 2, 6, 9 and 10: no raw control bytes on any output, every write
/// checked, partial reports marked, one `dutydesk: ` prefix.
@Suite struct OutputSafetyTests {
    /// OSC 52 (write the clipboard), OSC 0 (retitle the window), a screen clear, a C1 CSI
    /// and a bidi override: what a hostile tip may carry.
    static let hostile = "x\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}y"

    static func assertNoControls(_ s: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for u in s.unicodeScalars {
            let v = u.value
            let bad = (v < 0x20 && v != 0x0A && v != 0x0D) || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x202E
            #expect(!bad, "\(what) holds U+\(String(v, radix: 16))", sourceLocation: sourceLocation)
            if bad { return }
        }
    }

    /// The seeded log of `ReportTests` with a hostile note on the seized alert A-0001 and
    /// a hostile verification subject (overdue, so it is in the results report).
    static func hostileLog() throws -> (log: String, now: RFC3339Timestamp) {
        let (path, now) = try ReportTests.seededLog()
        let campaign = try goldenStrike()
        var (log, state) = try LogBridge.load(path: path, campaign: campaign)
        let t = RFC3339Timestamp.parse("2021-09-01T09:00:00+07:00")!
        for c in [
            Command.addNote(alertID: "A-0001", text: "note " + hostile + "\r\nsecond line"),
            .openVerification(
                direction: .incoming, counterpart: "NCB " + hostile, subject: "S" + hostile,
                due: t.adding(seconds: 60)),
        ] {
            _ = try LogBridge.decideAndAppend(
                c, log: log, state: &state, actor: testActor, now: t, newID: { LogBridge.newEventID() })
        }
        return (path, now)
    }

    // MARK: item 6, reports

    @Test func resultsReportShowsMarkersInMarkdownAndCSV() throws {
        let (log, now) = try Self.hostileLog()
        let r = ResultsReport(state: try loadState(log), now: now, includePersonalData: false)
        let md = r.markdown
        Self.assertNoControls(md, "markdown")
        #expect(md.contains("␛]52;c;aGVsbG8=␇"))
        #expect(md.contains("¤y"))
        let csv = String(decoding: r.csv, as: UTF8.self)
        Self.assertNoControls(csv, "csv")
        #expect(csv.contains("Sx␛]52"))
        // Still valid CSV: every record on its own CRLF line, none broken by a cell.
        for line in csv.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast() {
            #expect(!line.contains("\n") && !line.contains("\r"))
        }
    }

    @Test func rapidReportShowsMarkers() throws {
        let (log, _) = try Self.hostileLog()
        let md = try RapidReport.markdown(alertID: "A-0001", state: try loadState(log), language: .vi)
        Self.assertNoControls(md, "rapid report")
        #expect(md.contains("note x␛]52;c;aGVsbG8=␇"))
        // The CRLF in the note did not start a new list item.
        #expect(md.contains("␇y second line") || md.contains("¤y second line"))
    }

    @Test func reportCommandToAFileHasMarkersToo() throws {
        let (log, now) = try Self.hostileLog()
        let out = tempDir() + "/r.md"
        let r = try runDutyDesk([
            "report", "results", "--log", log, "--now", now.description, "--output", out,
        ])
        #expect(r.status == 0, "\(r.err)")
        Self.assertNoControls(readText(out), "report file")
        #expect(readText(out).contains("␛]52"))
    }

    // MARK: item 6, messages

    @Test func messagesAreSanitisedAndLongLinesCut() {
        let safe = TerminalText.safe("bad value '" + Self.hostile + "'\nsecond\tline")
        Self.assertNoControls(safe, "message")
        #expect(safe.contains("\nsecond␉line"))
        let big = String(repeating: "é", count: 5_000_000)  // 10 MB of UTF-8
        let cut = TerminalText.safe("row 2: cell '" + big + "' is not a priority")
        #expect(cut.utf8.count < 1100)
        #expect(cut.hasSuffix("bytes cut)"))
        // The number of bytes cut is exact: kept bytes + cut bytes = the line.
        let line = "row 2: cell '" + big + "' is not a priority"
        let n = Int(cut.split(separator: "(").last!.split(separator: " ").first!)!
        let keptPrefix = cut[..<cut.range(of: "… (")!.lowerBound]
        #expect(keptPrefix.utf8.count + n == line.utf8.count)
        #expect(TerminalText.withoutProgramPrefix("dutydesk: dutydesk: x") == "x")
    }

    @Test func errorMessagesFromTheCommandLineShowMarkers() throws {
        let (log, _) = try ReportTests.seededLog()
        // A domain refusal repeating an id, a usage error repeating --now, and
        // ArgumentParser's own message for an unknown option.
        for args in [
            ["report", "rapid", "A-" + Self.hostile, "--log", log],
            ["report", "results", "--log", log, "--now", Self.hostile],
            ["report", "results", "--log", log, "--" + Self.hostile],
            ["alert", "add", "--log", log, "--source", "police", "--subject", "s", "--priority", Self.hostile],
        ] {
            let r = try runDutyDesk(args)
            #expect(r.status != 0)
            #expect(!r.err.isEmpty)
            Self.assertNoControls(r.err, "stderr of \(args[0]) \(args[1])")
            Self.assertNoControls(r.out, "stdout of \(args[0]) \(args[1])")
        }
    }

    @Test func campaignAndThemeErrorsShowMarkers() throws {
        let d = tempDir()
        let campaign = d + "/c.yaml"
        writeFile(campaign, "id: " + Self.hostile + "\nname: [unclosed " + Self.hostile + "\n")
        let theme = d + "/t.yaml"
        writeFile(theme, "name: " + Self.hostile + "\nroles: {text: " + Self.hostile + "}\n")
        for args in [
            ["report", "results", "--campaign", campaign, "--log", d + "/l.log"],
            ["report", "results", "--campaign", d + "/missing-" + Self.hostile, "--log", d + "/l.log"],
            ["--theme", theme, "--log", d + "/l.log"],
            ["--theme", "no-such-" + Self.hostile, "--log", d + "/l.log"],
        ] {
            let r = try runDutyDesk(args)
            #expect(r.status != 0)
            #expect(!r.err.isEmpty)
            Self.assertNoControls(r.err, "stderr of \(args[0]) \(args[1])")
        }
    }

    @Test func aLongBadValueIsCutInTheMessage() throws {
        let log = tempDir() + "/l.log"
        let value = String(repeating: "Z", count: 100_000)
        let r = try runDutyDesk([
            "alert", "add", "--log", log, "--source", "police", "--subject", "s", "--priority", value,
        ])
        #expect(r.status != 0)
        #expect(r.err.utf8.count < 5_000, "stderr is \(r.err.utf8.count) bytes")
        #expect(r.err.contains("bytes cut)"))
    }

    @Test func oneProgramPrefix() throws {
        // No terminal (stdin is /dev/null): the dashboard refuses with TerminalError.
        let r = try runDutyDesk(["--log", tempDir() + "/l.log"])
        #expect(r.status == 69)
        #expect(r.err.hasPrefix("dutydesk: the dashboard needs a terminal"))
        #expect(!r.err.contains("dutydesk: dutydesk:"))
    }

    // MARK: item 6, events

    @Test func eventsIsByteExactToAFileAndMarkedForATerminal() throws {
        let (log, _) = try Self.hostileLog()
        let r = try runDutyDesk(["events", "--log", log])
        #expect(r.status == 0)
        #expect(r.out.utf8.elementsEqual(readText(log).utf8))
        // What a terminal gets (isatty): markers, one line a record.
        let raw = Array(readText(log).utf8)
        let lines = raw.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Array($0) + [0x0A] }
        let shown = lines.map(EventsCommand.forTerminal)
        let hostileLines = lines.filter { String(decoding: $0, as: UTF8.self).contains("\u{202E}") }
        #expect(!hostileLines.isEmpty)
        for l in shown {
            Self.assertNoControls(String(decoding: l.dropLast(), as: UTF8.self), "events line")
            #expect(l.last == 0x0A)
        }
    }

    // MARK: item 2, write errors

    static var devFull: Bool { access("/dev/full", W_OK) == 0 }

    @Test(.enabled(if: OutputSafetyTests.devFull, "no writable /dev/full here"))
    func writeErrorsOnStandardOutputExit74() throws {
        let (log, now) = try ReportTests.seededLog()
        for args in [
            ["report", "results", "--log", log, "--now", now.description],
            ["report", "results", "--log", log, "--now", now.description, "--format", "csv"],
            ["report", "rapid", "A-0001", "--log", log],
            ["events", "--log", log],
            ["verify", "--log", log],
            ["demo", "--help"],
        ] {
            let r = try runDutyDesk(args, stdout: "/dev/full")
            #expect(r.status == 74, "\(args): \(r.status) \(r.err)")
            #expect(r.err.contains("cannot write standard output"), "\(args): \(r.err)")
        }
    }

    @Test(.enabled(if: OutputSafetyTests.devFull, "no writable /dev/full here"))
    func writeErrorsOnTheOutputFileExit74() throws {
        let (log, now) = try ReportTests.seededLog()
        let r = try runDutyDesk(["report", "results", "--log", log, "--now", now.description, "--output", "/dev/full"])
        #expect(r.status == 74, "\(r.err)")
        #expect(r.err.contains("cannot write /dev/full"))
        // The device is still a device (no temporary file was renamed over it).
        var st = stat()
        #expect(stat("/dev/full", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
    }

    // MARK: item 9, partial reports

    /// The seeded log with seq 4's bytes altered (a bad record in the middle).
    static func damagedLog() throws -> (log: String, now: RFC3339Timestamp) {
        let (path, now) = try ReportTests.seededLog()
        var lines = readText(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: "test-officer", with: "test-offices")
        writeFile(path, lines.joined(separator: "\n"))
        return (path, now)
    }

    @Test func aReportOnADamagedLogIsMarkedPartialAndExits65() throws {
        let (log, now) = try Self.damagedLog()
        for format in ["md", "csv"] {
            let r = try runDutyDesk(["report", "results", "--log", log, "--now", now.description, "--format", format])
            #expect(r.status == 65, "\(format): \(r.status) \(r.err)")
            #expect(r.err.contains("bad record at seq 4"))
            #expect(r.err.contains("PARTIAL"))
            #expect(r.out.contains("PARTIAL: the log has a bad record at seq 4"))
            #expect(r.out.contains("CHƯA ĐẦY ĐỦ"))
        }
        let ok = try runDutyDesk(["report", "results", "--log", log, "--now", now.description, "--allow-partial"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("PARTIAL"))
        #expect(ok.err.contains("bad record at seq 4"))
        // A sound log: no notice.
        let (good, now2) = try ReportTests.seededLog()
        let clean = try runDutyDesk(["report", "results", "--log", good, "--now", now2.description])
        #expect(clean.status == 0)
        #expect(!clean.out.contains("PARTIAL"))
        #expect(clean.err.isEmpty)
    }
    // MARK: B1, an output that is the log

    /// `--output` naming the log (by any spelling, a symlink, a hard link) or its
    /// `.quarantine` or `.snapshot` is refused with 64 before anything is written: the log
    /// still verifies and its companions are unchanged (issue 12, B1).
    @Test func anOutputThatIsTheLogOrItsCompanionIsRefused() throws {
        let (log, now) = try ReportTests.seededLog()
        let dir = (log as NSString).deletingLastPathComponent
        let base = (dir as NSString).lastPathComponent
        writeFile(log + ".quarantine", "quarantined\n")
        writeFile(log + ".snapshot", "snapshot")
        #expect(symlink(log, dir + "/link.md") == 0)
        #expect(link(log, dir + "/hard.md") == 0)
        let before = readText(log)
        let outputs: [(path: String, names: String)] = [
            (log, "is the log \(log)"), (dir + "/./l.log", "is the log \(log)"),
            (dir + "/../" + base + "/l.log", "is the log \(log)"), (dir + "/link.md", "is the log \(log)"),
            (dir + "/hard.md", "is the log \(log)"), (log + ".quarantine", "is \(log).quarantine, a companion"),
            (log + ".snapshot", "is \(log).snapshot, a companion"),
        ]
        for o in outputs {
            for command in [
                ["report", "results", "--log", log, "--now", now.description],
                ["report", "results", "--log", log, "--now", now.description, "--format", "csv"],
                ["report", "rapid", "A-0001", "--log", log],
            ] {
                let r = try runDutyDesk(command + ["--output", o.path])
                #expect(r.status == 64, "\(command) --output \(o.path): \(r.status) \(r.err)")
                #expect(r.err.contains("--output \(o.path) \(o.names)"), "\(r.err)")
                #expect(r.out.isEmpty)
            }
        }
        #expect(readText(log) == before)
        #expect(readText(log + ".quarantine") == "quarantined\n")
        #expect(readText(log + ".snapshot") == "snapshot")
        let v = try runDutyDesk(["verify", "--log", log])
        #expect(v.status == 0, "\(v.out)\(v.err)")
        // A new file, then the same (now existing, another file), and a rapid report are fine.
        for _ in 0..<2 {
            let r = try runDutyDesk(
                ["report", "results", "--log", log, "--now", now.description, "--output", dir + "/r.md"])
            #expect(r.status == 0, "\(r.err)")
            #expect(readText(dir + "/r.md").hasPrefix("# Báo cáo kết quả"))
        }
        let rapid = try runDutyDesk(["report", "rapid", "A-0001", "--log", log, "--output", dir + "/a.md"])
        #expect(rapid.status == 0, "\(rapid.err)")
        #expect(readText(log) == before)
    }

    // MARK: B4, a record whose time is out of range

    /// A log whose chain is intact but whose record 2 has a `ts` outside `TimeRules`'
    /// window: the results report warns naming the seq, is marked PARTIAL in both languages
    /// and exits 65 (0 with --allow-partial); the rapid report warns (issue 12, B4).
    @Test func aRecordWithATimeOutOfRangeMakesTheReportPartial() throws {
        let log = try AbsurdRecordTimeTests().log(ts: "2250-01-01T00:00:00Z", receivedAt: "2021-09-01T00:00:00Z")
        let now = "2021-09-01T10:00:00+07:00"
        for format in ["md", "csv"] {
            let r = try runDutyDesk(["report", "results", "--log", log, "--now", now, "--format", format])
            #expect(r.status == 65, "\(format): \(r.status) \(r.err)")
            #expect(r.err.contains("seq 2: time out of range: ts 2250-01-01T00:00:00Z"), "\(r.err)")
            #expect(r.err.contains("PARTIAL"))
            #expect(r.out.contains("PARTIAL: the log's record at seq 2 has a time out of range"), "\(r.out)")
            #expect(r.out.contains("CHƯA ĐẦY ĐỦ: bản ghi seq 2"))
        }
        let ok = try runDutyDesk(["report", "results", "--log", log, "--now", now, "--allow-partial"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("PARTIAL") && ok.err.contains("seq 2"))
        let rapid = try runDutyDesk(["report", "rapid", "A-0001", "--log", log])
        #expect(rapid.err.contains("warning: ") && rapid.err.contains("seq 2: time out of range"), "\(rapid.err)")
    }
}
