import Foundation
import Testing

@testable import DutyDeskCLI

@Suite struct ImportMappingTests {
    let fields = ["received", "source", "subject", "reference", "location", "notes", "quantity", "quantity_unit"]

    @Test func headerNamesFieldsDirectly() throws {
        let m = try ImportMapping(maps: [], sets: [], missing: [], knownFields: fields)
        let r = m.apply(
            header: ["subject", "source", "other"], fields: ["Ngà voi", "police", "x"], knownFields: fields)
        #expect(r.values == ["subject": "Ngà voi", "source": "police"])
        #expect(r.problems.isEmpty)
    }

    @Test func templatesOptionalGroupsCodesAndMissingMarkers() throws {
        var m = try ImportMapping(
            maps: [
                "subject={generic_name}[ {specific_name}][ ({genus} {species})][, {description:description}]",
                "reference=control_number", "location={port:port}",
            ],
            sets: ["source=member_country"], missing: ["NA"], knownFields: fields)
        try m.loadCodes(csv: Array("field,code,value\ndescription,LIV,live specimens\nport,LA,Los Angeles, CA\n".utf8))
        let header = ["control_number", "genus", "species", "specific_name", "generic_name", "description", "port"]
        let r = m.apply(
            header: header, fields: ["2016787148", "Bufo", "melanostictus", "BLACK-SPINED", "TOAD", "LIV", "LA"],
            knownFields: fields)
        #expect(r.values["subject"] == "TOAD BLACK-SPINED (Bufo melanostictus), live specimens")
        #expect(r.values["reference"] == "2016787148")
        #expect(r.values["source"] == "member_country")
        #expect(r.values["location"] == "Los Angeles")
        let r2 = m.apply(header: header, fields: ["1", "Bufo", "NA", "NA", "TOAD", "NA", "LA"], knownFields: fields)
        #expect(r2.values["subject"] == "TOAD")
    }

    @Test func unknownCodesAndMissingColumnsAreProblems() throws {
        let m = try ImportMapping(
            maps: ["location={port:port}", "notes={nope}"], sets: [], missing: [], knownFields: fields)
        let r = m.apply(header: ["port"], fields: ["ZZ"], knownFields: fields)
        #expect(r.problems.map(\.field).sorted() == ["location", "notes"])
    }

    @Test func badOptionsAreRejected() {
        #expect(throws: ImportMapping.OptionError.self) {
            try ImportMapping(maps: ["bogus=x"], sets: [], missing: [], knownFields: fields)
        }
        #expect(throws: ImportMapping.OptionError.self) {
            try ImportMapping(maps: ["subject={x"], sets: [], missing: [], knownFields: fields)
        }
        #expect(throws: ImportMapping.OptionError.self) {
            try ImportMapping(maps: ["subject=[{x}"], sets: [], missing: [], knownFields: fields)
        }
        #expect(throws: ImportMapping.OptionError.self) {
            try ImportMapping(maps: [], sets: ["subject"], missing: [], knownFields: fields)
        }
    }

    @Test func theLemisSampleParses() throws {
        let path = ImportTests.lemisDir + "/amphibian_LEMIS_2016_2021_sample.csv"
        let data = try #require(FileManager.default.contents(atPath: path), "the LEMIS sample must be at \(path)")
        let rows = try CSVReader.parse(Array(data))
        #expect(rows.count == 1362)
        #expect(rows.allSatisfy { $0.fields.count == 28 })
    }
}
