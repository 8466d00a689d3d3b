import Foundation
import Testing

@testable import Dashboard
@testable import TerminalKit

/// Issue 12, item 7: below the minimum size one plain line, in the dashboard's language;
/// the dashboard again once the window is large enough.
@Suite struct TooSmallTests {
    @Test func englishSnapshot() { assertSnapshot(makeState(morningLog(), width: 20, height: 5), "tiny-20x5-en") }

    @Test func vietnamese() {
        let g = view(makeState(morningLog(), language: .vi, width: 39, height: 24))
        let text = (0..<g.height).map { g.rowText($0).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("cửa sổ terminal quá nhỏ: 39×24, cần ít nhất 40×10"), "\(text)")
    }

    @Test func oneLineWhenItFits() {
        let g = view(makeState(morningLog(), width: 79, height: 9))
        #expect(g.rowText(0).hasPrefix("terminal too small: 79×9, need at least 40×10"))
        for y in 1..<g.height { #expect(g.rowText(y).allSatisfy { $0 == " " }) }
    }

    @Test func recoversWhenTheWindowGrows() {
        var s = makeState(morningLog(), width: 30, height: 8)
        #expect(view(s).snapshot().contains("too small"))
        _ = update(&s, .resize(width: 80, height: 24))
        let g = view(s).snapshot()
        #expect(!g.contains("too small"))
        #expect(g == view(makeState(morningLog(), width: 80, height: 24)).snapshot())
        // Exactly the minimum is the dashboard.
        #expect(!view(makeState(morningLog(), width: 40, height: 10)).snapshot().contains("too small"))
    }

    @Test func anySizeDraws() {
        for (w, h) in [(0, 0), (1, 1), (5, 1), (1, 30), (39, 9), (40, 9), (39, 10)] {
            let g = view(makeState(morningLog(), width: w, height: h))
            #expect(g.width == w && g.height == h)
        }
    }
}
