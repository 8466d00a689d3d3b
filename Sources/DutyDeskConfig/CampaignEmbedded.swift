import DutyDeskDomain

extension CampaignLoader {
    /// The text of the embedded Golden Strike 2021 campaign, byte for byte the file
    /// docs/campaigns/golden-strike-2021.yaml (a test checks they are equal). Values of
    /// the letter 4237/TCHQ-ĐTCBL are marked `item N`/`letter`; practice defaults `practice`.
    public static let embeddedGoldenStrike2021Text: String = #"""
        # Golden Strike 2021: the embedded default campaign of DutyDesk.
        # Source: official letter 4237/TCHQ-ĐTCBL of 30/08/2021 (General Department of Vietnam
        # Customs). Field reference: docs/campaign-format.md. Every value says where it comes
        # from: "letter" / "item N" (text of the letter) or "practice" (a configurable local
        # default that the letter does not fix).
        schema: 1
        id: golden-strike-2021
        name:
          en: Golden Strike 2021
          vi: Chiến dịch Golden Strike 2021 (Đợt cao điểm chống buôn lậu động, thực vật hoang dã)
        letter: 4237/TCHQ-ĐTCBL
        time_zone:
          name: ICT
          utc_offset: "+07:00"
        window:                                   # letter: peak 01/09/2021 – 05/09/2021
          start: "2021-09-01T00:00:00+07:00"
          end: "2021-09-06T00:00:00+07:00"        # exclusive: all of 05/09/2021 is included
        coordination_board:
          en: Golden Strike Coordination Board (INTERPOL)
          vi: Ban điều phối chiến dịch Golden Strike
        focal_unit: DTCBL-P1                      # letter item 6: Division 1 of ĐTCBL
        units:
          - { code: HQHN,   kind: provincial_department, vi: "Cục Hải quan thành phố Hà Nội",               en: "Hanoi Customs Department" }
          - { code: HQHCM,  kind: provincial_department, vi: "Cục Hải quan Thành phố Hồ Chí Minh",          en: "Ho Chi Minh City Customs Department" }
          - { code: HQHP,   kind: provincial_department, vi: "Cục Hải quan thành phố Hải Phòng",            en: "Hai Phong Customs Department" }
          - { code: HQQN,   kind: provincial_department, vi: "Cục Hải quan tỉnh Quảng Ninh",                en: "Quang Ninh Customs Department" }
          - { code: HQLS,   kind: provincial_department, vi: "Cục Hải quan tỉnh Lạng Sơn",                  en: "Lang Son Customs Department" }
          - { code: HQCB,   kind: provincial_department, vi: "Cục Hải quan tỉnh Cao Bằng",                  en: "Cao Bang Customs Department" }
          - { code: HQHG,   kind: provincial_department, vi: "Cục Hải quan tỉnh Hà Giang",                  en: "Ha Giang Customs Department" }
          - { code: HQLC,   kind: provincial_department, vi: "Cục Hải quan tỉnh Lào Cai",                   en: "Lao Cai Customs Department" }
          - { code: HQDB,   kind: provincial_department, vi: "Cục Hải quan tỉnh Điện Biên",                 en: "Dien Bien Customs Department" }
          - { code: HQBN,   kind: provincial_department, vi: "Cục Hải quan tỉnh Bắc Ninh",                  en: "Bac Ninh Customs Department" }
          - { code: HQHNN,  kind: provincial_department, vi: "Cục Hải quan tỉnh Hà Nam Ninh",               en: "Ha Nam Ninh Customs Department" }
          - { code: HQTH,   kind: provincial_department, vi: "Cục Hải quan tỉnh Thanh Hóa",                 en: "Thanh Hoa Customs Department" }
          - { code: HQNA,   kind: provincial_department, vi: "Cục Hải quan tỉnh Nghệ An",                   en: "Nghe An Customs Department" }
          - { code: HQHT,   kind: provincial_department, vi: "Cục Hải quan tỉnh Hà Tĩnh",                   en: "Ha Tinh Customs Department" }
          - { code: HQQB,   kind: provincial_department, vi: "Cục Hải quan tỉnh Quảng Bình",                en: "Quang Binh Customs Department" }
          - { code: HQQT,   kind: provincial_department, vi: "Cục Hải quan tỉnh Quảng Trị",                 en: "Quang Tri Customs Department" }
          - { code: HQTTH,  kind: provincial_department, vi: "Cục Hải quan tỉnh Thừa Thiên Huế",            en: "Thua Thien Hue Customs Department" }
          - { code: HQDNG,  kind: provincial_department, vi: "Cục Hải quan thành phố Đà Nẵng",              en: "Da Nang Customs Department" }
          - { code: HQQNA,  kind: provincial_department, vi: "Cục Hải quan tỉnh Quảng Nam",                 en: "Quang Nam Customs Department" }
          - { code: HQQNG,  kind: provincial_department, vi: "Cục Hải quan tỉnh Quảng Ngãi",                en: "Quang Ngai Customs Department" }
          - { code: HQBDI,  kind: provincial_department, vi: "Cục Hải quan tỉnh Bình Định",                 en: "Binh Dinh Customs Department" }
          - { code: HQGLKT, kind: provincial_department, vi: "Cục Hải quan tỉnh Gia Lai – Kon Tum",         en: "Gia Lai – Kon Tum Customs Department" }
          - { code: HQDLK,  kind: provincial_department, vi: "Cục Hải quan tỉnh Đắk Lắk",                   en: "Dak Lak Customs Department" }
          - { code: HQKH,   kind: provincial_department, vi: "Cục Hải quan tỉnh Khánh Hòa",                 en: "Khanh Hoa Customs Department" }
          - { code: HQBD,   kind: provincial_department, vi: "Cục Hải quan tỉnh Bình Dương",                en: "Binh Duong Customs Department" }
          - { code: HQDNA,  kind: provincial_department, vi: "Cục Hải quan tỉnh Đồng Nai",                  en: "Dong Nai Customs Department" }
          - { code: HQVT,   kind: provincial_department, vi: "Cục Hải quan tỉnh Bà Rịa – Vũng Tàu",         en: "Ba Ria – Vung Tau Customs Department" }
          - { code: HQTN,   kind: provincial_department, vi: "Cục Hải quan tỉnh Tây Ninh",                  en: "Tay Ninh Customs Department" }
          - { code: HQBP,   kind: provincial_department, vi: "Cục Hải quan tỉnh Bình Phước",                en: "Binh Phuoc Customs Department" }
          - { code: HQLA,   kind: provincial_department, vi: "Cục Hải quan tỉnh Long An",                   en: "Long An Customs Department" }
          - { code: HQDT,   kind: provincial_department, vi: "Cục Hải quan tỉnh Đồng Tháp",                 en: "Dong Thap Customs Department" }
          - { code: HQAG,   kind: provincial_department, vi: "Cục Hải quan tỉnh An Giang",                  en: "An Giang Customs Department" }
          - { code: HQKG,   kind: provincial_department, vi: "Cục Hải quan tỉnh Kiên Giang",                en: "Kien Giang Customs Department" }
          - { code: HQCT,   kind: provincial_department, vi: "Cục Hải quan thành phố Cần Thơ",              en: "Can Tho Customs Department" }
          - { code: HQCM,   kind: provincial_department, vi: "Cục Hải quan tỉnh Cà Mau",                    en: "Ca Mau Customs Department" }
          - { code: DTCBL,  kind: department, vi: "Cục Điều tra chống buôn lậu",                            en: "Anti-Smuggling Investigation Department" }
          - { code: DTCBL-P1, kind: division, parent: DTCBL, vi: "Phòng 1, Cục Điều tra chống buôn lậu",  en: "Division 1, Anti-Smuggling Investigation Department" }
        partner_agencies:                         # letter item 3
          - { code: police,            vi: "Công an",            en: "Police" }
          - { code: border_guard,      vi: "Bộ đội Biên phòng",  en: "Border Guard" }
          - { code: market_management, vi: "Quản lý thị trường", en: "Market Management" }
        deadlines:
          focal_officer_nomination:               # letter item 9: "before 05/09/2021"
            due: "2021-09-05T00:00:00+07:00"
            source: item 9
          rapid_report:                           # item 8 names the regime, not the delay
            after_seizure: 24h
            source: practice
          daily_update:                           # item 6: "during and after", no time given
            local_time: "17:00"
            source: practice
          final_report:                           # item 6: "after", no date given
            due: "2021-09-10T17:00:00+07:00"
            source: practice
          verification_answer:                    # not in the letter; each request may carry its own
            default: 7d
            source: practice
          due_soon:                               # display threshold
            threshold: 2h
            source: practice
        priorities:                               # acknowledgement times: practice, not the letter
          - { id: critical, acknowledge_within: 15m, remind_every: 15m, source: practice }
          - { id: high,     acknowledge_within: 1h,  remind_every: 15m, source: practice }
          - { id: normal,   acknowledge_within: 4h,  remind_every: 1h,  source: practice }
          - { id: low,      acknowledge_within: 24h, remind_every: 1h,  source: practice }
        attention:                                # reminders on the dashboard (issue 13): practice
          untouched_after: 2h                     # an acknowledged alert with no event for this long
          source: practice

        """#
}
