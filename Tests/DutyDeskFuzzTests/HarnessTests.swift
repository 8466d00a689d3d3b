import DutyDeskDomain
import DutyDeskFuzz
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension Fuzzing {
    /// The harness itself: seeds replay, failures name their seeds.
    @Suite struct Harness {
        /// A target that fails on some inputs: the run reports them with the case seed,
        /// and replaying that seed builds the same input and fails the same way.
        @Test func aFailureNamesItsSeedAndReplays() throws {
            let target = FuzzTarget(
                name: "demo", summary: "fails when the first byte is below 16",
                generate: { rng in [UInt8(truncatingIfNeeded: rng.next()), 1, 2] },
                check: { b in (b.first ?? 0) < 16 ? .failed("first byte \(b[0])") : .passed })
            let r = Fuzz.run(target, runSeed: 7, iterations: 200, keepGoing: true)
            #expect(r.cases == 200)
            let f = try #require(r.failures.first)
            #expect(f.description.contains(Fuzz.hex(f.caseSeed)) && f.description.contains("DUTYDESK_FUZZ_SEED=0x"))
            let (input, verdict) = Fuzz.replay(target, caseSeed: f.caseSeed)
            #expect(input[0] < 16)
            #expect(verdict == .failed("first byte \(input[0])"))
            // The same run seed gives the same cases.
            let again = Fuzz.run(target, runSeed: 7, iterations: 200, keepGoing: true)
            #expect(again.failures.map(\.caseSeed) == r.failures.map(\.caseSeed))
            #expect(
                Fuzz.run(target, runSeed: 8, iterations: 200, keepGoing: true).failures.map(\.caseSeed)
                    != r.failures.map(\.caseSeed))
        }

        @Test func seedsParseInDecimalAndHex() {
            #expect(Fuzz.parseSeed("0x10") == 16 && Fuzz.parseSeed("16") == 16 && Fuzz.parseSeed("x") == nil)
            #expect(Fuzz.runSeed(environment: ["DUTYDESK_FUZZ_SEED": "0x2a"]) == 42)
        }

        /// A case that hangs ends the run (exit 124) after naming its target and seed and
        /// saving its input, rather than hanging CI.
        @Test func theWatchdogEndsAHungCase() throws {
            let r = try runBench(["fuzz", "--target", "selftest-hang", "--seconds", "30", "--case-deadline", "1"])
            #expect(r.status == 124, "\(r.err)")
            #expect(r.err.contains("WATCHDOG") && r.err.contains("target selftest-hang, case seed 0x"), "\(r.err)")
            #expect(r.err.contains("input was saved at /tmp/dutydesk-fuzz-selftest-hang-"), "\(r.err)")
            removeSelftestInputs()
        }

        /// A case that traps names its target and seed before the signal goes on.
        @Test func aTrapNamesItsCase() throws {
            let r = try runBench(["fuzz", "--target", "selftest-trap", "--seconds", "30"])
            #expect(r.status > 128, "\(r.err)")
            #expect(r.err.contains("CRASH") && r.err.contains("target selftest-trap, case seed 0x"), "\(r.err)")
            removeSelftestInputs()
        }

        func removeSelftestInputs() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
            for n in names where n.hasPrefix("dutydesk-fuzz-selftest-") { unlink("/tmp/" + n) }
        }

        /// The year guard skips exactly the inputs a parser without a range check traps on.
        @Test func yearGuard() {
            for t in ["2021-09-01T08:00:00Z", "05/09/2021 08:30", "1900-01-01", "x,2200-12-31T00:00:00Z,y"] {
                #expect(!holdsOutOfRangeYear(Array(t.utf8)), "\(t)")
            }
            for t in ["9999-12-31T23:59:59Z", "01/01/1700", "a,1677-09-21T00:00:00Z", "+999-01-01", "0000"] {
                #expect(holdsOutOfRangeYear(Array(t.utf8)), "\(t)")
            }
        }
    }
}
