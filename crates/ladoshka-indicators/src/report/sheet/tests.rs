use super::*;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

/// A report's plain CSV as `indicators::to_csv` writes it (with a comma inside a label, a
/// share with a decimal point, a numbered code and an empty value).
const INDICATORS: &str = "код,показатель,значение\n\
    1,\"Дети, получившие помощь\",7\n\
    1.1,возвращение из зон боевых действий,1\n\
    4,\"Доля семей, отметивших улучшение, %\",75.0\n\
    С.1,индивидуальная игротерапия,12\n\
    П,Социальный прокат,\n";

const KDN: &str = ",IV квартал 2026 г. (01.10.2026 – 31.12.2026),\n\
    код,показатель,значение\n\
    В.1,\"Случаи, поступившие в периоде\",1\n";

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[test]
fn the_plain_csv_reads_back_and_writes_out_byte_for_byte() {
    for csv in [INDICATORS, KDN] {
        let sheet = Sheet::from_plain_csv(csv).unwrap();
        for lang in [Language::Ru, Language::Tt, Language::En] {
            assert_eq!(text(sheet.to_csv(CsvStyle::Plain, lang).unwrap()), csv);
        }
    }
    let kdn = Sheet::from_plain_csv(KDN).unwrap();
    assert_eq!(
        kdn.title.as_deref(),
        Some("IV квартал 2026 г. (01.10.2026 – 31.12.2026)")
    );
    assert_eq!(kdn.header[0], "код");
    assert_eq!(kdn.rows.len(), 1);
    assert!(Sheet::from_plain_csv(INDICATORS).unwrap().title.is_none());
}

#[test]
fn russian_excel_gets_a_bom_semicolons_and_decimal_commas() {
    let sheet = Sheet::from_plain_csv(INDICATORS).unwrap();
    for lang in [Language::Ru, Language::Tt] {
        let csv = sheet.to_csv(CsvStyle::Excel, lang).unwrap();
        assert_eq!(&csv[..3], b"\xEF\xBB\xBF", "UTF-8 with a byte-order mark");
        let csv = text(csv[3..].to_vec());
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows[0], "код;показатель;значение");
        // A comma inside a label needs no quotes with `;` between the fields.
        assert_eq!(rows[1], "1;Дети, получившие помощь;7");
        // A numbered code stays text, not the 1st of January.
        assert_eq!(
            rows[2],
            "\"=\"\"1.1\"\"\";возвращение из зон боевых действий;1"
        );
        assert_eq!(rows[3], "4;Доля семей, отметивших улучшение, %;75,0");
        assert_eq!(rows[4], "С.1;индивидуальная игротерапия;12");
        assert_eq!(rows[5], "П;Социальный прокат;");
    }
}

#[test]
fn english_excel_gets_a_bom_commas_and_decimal_points() {
    let sheet = Sheet::from_plain_csv(INDICATORS).unwrap();
    let csv = sheet.to_csv(CsvStyle::Excel, Language::En).unwrap();
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let csv = text(csv[3..].to_vec());
    assert!(
        csv.contains("4,\"Доля семей, отметивших улучшение, %\",75.0"),
        "{csv}"
    );
}

#[test]
fn the_kdn_title_line_survives_the_excel_style() {
    let sheet = Sheet::from_plain_csv(KDN).unwrap();
    let csv = text(sheet.to_csv(CsvStyle::Excel, Language::Ru).unwrap()[3..].to_vec());
    assert!(
        csv.starts_with(";IV квартал 2026 г. (01.10.2026 – 31.12.2026);\n"),
        "{csv}"
    );
}

#[test]
fn only_figures_and_numbered_codes_look_like_numbers() {
    for yes in ["7", "75.0", "1.1", "2.1.3", "0"] {
        assert!(looks_like_a_number(yes), "{yes}");
    }
    for no in ["", "С.1", "1.", ".5", "—", "1,5", "-3", "П"] {
        assert!(!looks_like_a_number(no), "{no}");
    }
}

#[test]
fn the_workbook_reads_back_with_number_and_date_cells() {
    let sheet = Sheet::from_plain_csv(INDICATORS).unwrap();
    let from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let bytes = sheet
        .to_xlsx("Показатели: ноябрь/2026", (from, to), Language::Ru)
        .unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Показатели ноябрь2026"]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("Показатели: ноябрь/2026".into()));
    let day = |r, c| match cell(r, c) {
        Data::DateTime(d) => d.as_datetime().unwrap().date(),
        other => panic!("a date cell, not {other:?}"),
    };
    assert_eq!((day(1, 1), day(1, 2)), (from, to));
    assert_eq!(cell(3, 1), Data::String("показатель".into()));
    assert_eq!(cell(4, 0), Data::String("1".into()));
    assert_eq!(cell(4, 1), Data::String("Дети, получившие помощь".into()));
    assert_eq!(cell(4, 2), Data::Float(7.0));
    assert_eq!(cell(5, 0), Data::String("1.1".into()), "a code stays text");
    assert_eq!(cell(6, 2), Data::Float(75.0));
    assert_eq!(cell(8, 2), Data::Empty, "no data: a blank cell");
}
