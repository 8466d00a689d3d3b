import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

/// A list scrolled into its middle says what is hidden on both sides: rows above (a critical
/// alert scrolled off the top, found in a drill shift) as well as rows below.
@Suite struct ScrollMarkerTests {
    @Test(arguments: Language.allCases)
    func theMiddleOfAListSaysWhatIsAboveAndBelow(_ language: Language) {
        var s = makeState(morningWithETAs(), language: language, width: 80, height: 24)
        press(&s, .char("G"))
        for _ in 0..<8 { press(&s, .char("k")) }
        let text = screen(s)
        let en = language == .en
        #expect(text.contains(en ? "above · ↓" : "phía trên · ↓ còn"), "\(text)")
    }
}
