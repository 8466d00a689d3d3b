import DutyDeskDomain
import Foundation
import Testing

/// `dutydesk officer nominate` (issue 13, item 6): the phone rule of the domain, the stored
/// national form, and a replacement that says whom it replaced.
@Suite struct NominationCommandTests {
    @Test func thePhoneRuleTheStoredFormAndTheReplacedLine() throws {
        let log = tempDir() + "/l.log"
        func nominate(_ name: String, _ phone: String, now: String, vi: Bool = false) throws -> (
            status: Int32, out: String, err: String
        ) {
            let r = try runDutyDesk(
                [
                    "officer", "nominate", "--log", log, "--unit", "HQQN", "--name", name, "--position", "Đội trưởng",
                    "--phone", phone, "--now", now,
                ], environment: vi ? ["LC_ALL": "vi_VN.UTF-8"] : [:])
            return (r.status, r.out, r.err)
        }
        // A phone of another form: 65, the field and the forms named, nothing stored.
        let bad = try nominate("Nguyễn Văn A", "0912", now: "2021-09-01T08:00:00+07:00")
        #expect(bad.status == 65 && bad.out.isEmpty)
        #expect(bad.err.contains("phone number \"0912\" is not a Vietnamese phone number"), "\(bad.err)")
        #expect(bad.err.contains("+84 912 345 678") && bad.err.contains("024 3826 5555"))
        let badVI = try nominate("Nguyễn Văn A", "\u{1B}[2J0912", now: "2021-09-01T08:00:00+07:00", vi: true)
        #expect(badVI.status == 65 && badVI.err.contains("số điện thoại không đúng dạng số điện thoại Việt Nam"))
        #expect(!badVI.err.contains("\u{1B}"))
        // The first nomination: the unit only; +84 stored as 0….
        let first = try nominate("Nguyễn Văn A", "+84 912 345 678", now: "2021-09-01T08:00:00+07:00")
        #expect(first.status == 0 && first.out == "HQQN\n", "\(first.err)")
        #expect(try loadState(log).nominations["HQQN"]?.phone == "0912345678")
        // A replacement: a second line names the one replaced, in the officer's language.
        let second = try nominate("Trần Văn B", "0203.3881.234", now: "2021-09-02T09:30:00+07:00")
        #expect(second.status == 0)
        #expect(second.out == "HQQN\nreplaced: Nguyễn Văn A (Đội trưởng), nominated 01/09/2021 08:00\n")
        let third = try nominate("Lê C", "0987-654-321", now: "2021-09-03T10:00:00+07:00", vi: true)
        #expect(third.out == "HQQN\nthay cán bộ đầu mối: Trần Văn B (Đội trưởng), cử lúc 02/09/2021 09:30\n")
        let st = try loadState(log)
        #expect(st.nominations["HQQN"]?.name == "Lê C" && st.nominations["HQQN"]?.phone == "0987654321")
        #expect(st.earlierNominations["HQQN"]?.map(\.phone) == ["0912345678", "02033881234"])
    }
}
