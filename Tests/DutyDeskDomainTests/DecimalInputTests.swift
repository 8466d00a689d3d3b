import Testing

@testable import DutyDeskDomain

// Issue 14, item 1: a decimal comma is a decimal separator in every input; a thousands
// separator is refused with the reading to use, never guessed.
@Suite struct DecimalInputTests {
    @Test(arguments: [
        ("12,5", "12.5"), ("12.5", "12.5"), ("50", "50"), (" 72,50 ", "72.50"), ("0,125", "0.125"),
        ("0.125", "0.125"), ("1234,5", "1234.5"), ("12,5000", "12.5000"), ("1,2340", "1.2340"),
        ("1234", "1234"), ("0", "0"),
    ])
    func accepted(_ typed: String, _ stored: String) throws {
        #expect(try DecimalInput.parse(typed) == stored)
        #expect(Measure(amount: try DecimalInput.parse(typed), unit: "kg").isValidAmount)
    }

    @Test func groupedThousandsAreRefusedWithTheReadingToWrite() {
        #expect(throws: DecimalInput.Problem.thousandsSeparator("1.234.567", suggestion: "1234567")) {
            try DecimalInput.parse("1.234.567")
        }
        #expect(throws: DecimalInput.Problem.thousandsSeparator("1,234,567", suggestion: "1234567")) {
            try DecimalInput.parse("1,234,567")
        }
        #expect(throws: DecimalInput.Problem.thousandsSeparator("1.234,5", suggestion: "1234,5")) {
            try DecimalInput.parse("1.234,5")
        }
        #expect(throws: DecimalInput.Problem.thousandsSeparator("1,234.5", suggestion: "1234,5")) {
            try DecimalInput.parse("1,234.5")
        }
        #expect(throws: DecimalInput.Problem.thousandsSeparator("1 234", suggestion: "1234")) {
            try DecimalInput.parse("1 234")
        }
        #expect(throws: DecimalInput.Problem.thousandsSeparator("1\u{00A0}234,5", suggestion: "1234,5")) {
            try DecimalInput.parse("1\u{00A0}234,5")
        }
    }

    @Test func aSeparatorBeforeThreeDigitsIsAmbiguous() {
        #expect(throws: DecimalInput.Problem.ambiguous("1.234", whole: "1234", fraction: "1,2340")) {
            try DecimalInput.parse("1.234")
        }
        #expect(throws: DecimalInput.Problem.ambiguous("12,500", whole: "12500", fraction: "12,5000")) {
            try DecimalInput.parse("12,500")
        }
    }

    @Test(arguments: ["", "  ", "-5", "\u{2212}5", "12,", ",5", "1,,2", "12kg", "1e3", "٣", "12,5\u{1B}[31m"])
    func refused(_ typed: String) {
        #expect(throws: DecimalInput.Problem.self) { try DecimalInput.parse(typed) }
    }

    /// Every suggestion the refusals give is itself accepted, and says the same number.
    @Test(arguments: ["1.234.567", "1,234.5", "1.234,5", "1 234", "1.234", "12,500", "123.456.789,25"])
    func suggestionsAreAccepted(_ typed: String) throws {
        do {
            _ = try DecimalInput.parse(typed)
            Issue.record("\(typed) accepted")
        } catch .thousandsSeparator(_, let suggestion) {
            _ = try DecimalInput.parse(suggestion)
        } catch .ambiguous(_, let whole, let fraction) {
            #expect(try DecimalInput.parse(whole) == whole)
            #expect(try DecimalInput.parse(fraction).hasSuffix("0"))
        } catch {
            Issue.record("\(typed): \(error)")
        }
    }

    @Test func refusalsNameTheTextInBothLanguages() {
        let p = DecimalInput.Problem.ambiguous("1.234", whole: "1234", fraction: "1,2340")
        #expect(p.text(.vi).contains("«1.234»") && p.text(.vi).contains("1234") && p.text(.vi).contains("1,2340"))
        #expect(p.text(.en).contains("'1.234'") && p.text(.en).contains("thousands"))
    }

    @Test func writtenWithTheLanguagesSeparators() {
        #expect(DecimalText.written("72.5", language: .vi) == "72,5")
        #expect(DecimalText.written("72.5", language: .en) == "72.5")
        #expect(DecimalText.written("1234567.25", language: .vi) == "1.234.567,25")
        #expect(DecimalText.written("1234567.25", language: .en) == "1,234,567.25")
        #expect(DecimalText.written("1234.5", language: .vi, grouping: false) == "1234,5")
        #expect(DecimalText.written("n/a", language: .vi) == "n/a")
    }

    @Test func agesAndDurationsInWords() {
        #expect(Durations.age(seconds: 45, language: .vi) == "45 giây")
        #expect(Durations.age(seconds: 12 * 60 + 5, language: .vi) == "12 phút")
        #expect(Durations.age(seconds: 3 * 3600, language: .vi) == "3 giờ")
        #expect(Durations.age(seconds: 2 * 86_400 + 5, language: .vi) == "2 ngày")
        #expect(Durations.age(seconds: 2 * 86_400, language: .en) == "2d")
        #expect(Durations.age(seconds: 9999 * 86_400, language: .vi).count <= 9)
        #expect(Durations.words(seconds: 15 * 60, language: .vi) == "15 phút")
        #expect(Durations.words(seconds: 2 * 86_400 + 3 * 3600, language: .vi) == "2 ngày 03:00:00")
        #expect(Durations.words(seconds: -(3 * 3600), language: .en) == "03:00:00")
    }
}
