import Testing
@testable import Dashboard
import DutyDeskDomain
import TerminalKit

@Suite struct SnapshotTests {
    @Test func main80x24English() { assertSnapshot(makeState(morningLog()), "main-80x24-en") }
    @Test func main160x48English() { assertSnapshot(makeState(morningLog(), width: 160, height: 48), "main-160x48-en") }
    @Test func main80x24Vietnamese() { assertSnapshot(makeState(morningLog(), language: .vi), "main-80x24-vi") }
    @Test func main160x48Vietnamese() { assertSnapshot(makeState(morningLog(), language: .vi, width: 160, height: 48), "main-160x48-vi") }
    @Test func tabBarBelow80x24() { assertSnapshot(makeState(morningLog(), width: 60, height: 20), "tabs-60x20-en") }
}
