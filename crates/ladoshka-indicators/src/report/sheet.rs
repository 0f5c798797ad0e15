//! The reports as a centre opens them in a spreadsheet. Every report first renders its lines as
//! plain CSV (`code,label,value`, a decimal point: what scripts and the centre's console read);
//! this module reads that back into a [`Sheet`] and writes it for Excel or LibreOffice with
//! Russian settings: UTF-8 with a byte-order mark, `;` between fields and a decimal comma for
//! ru/tt (a `,` and a point for en), or as an XLSX workbook with real number and date cells.

use chrono::{Datelike, NaiveDate};
use ladoshka_domain::Language;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// How a CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvStyle {
    /// For a spreadsheet opened by double-click: a byte-order mark (so Excel reads UTF-8), `;`
    /// and decimal commas for ru/tt (Russian Excel's list separator), `,` and points for en.
    Excel,
    /// For scripts: no byte-order mark, `,` and decimal points in every language.
    Plain,
}

/// One report's table: a title line (the КДНиЗП report has one), the header, and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// A title line above the header (the CSV's row `,title,`), if the report has one.
    pub title: Option<String>,
    pub header: [String; 3],
    /// code, label, value; the value in plain form ("12", "37.5") or empty for no data.
    pub rows: Vec<[String; 3]>,
}

/// The plain CSV could not be read back (a report wrote something that is not its table).
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("the report's table cannot be read or written: {0}")]
    Read(#[from] csv::Error),
    #[error("the report's table has a line of {0} fields where 3 are expected")]
    Shape(usize),
    #[error("the spreadsheet cannot be written: {0}")]
    Xlsx(#[from] XlsxError),
}

impl Sheet {
    /// Reads a report's plain CSV: an optional title line (empty code and value), the header,
    /// then the lines.
    pub fn from_plain_csv(text: &str) -> Result<Sheet, SheetError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let r = record?;
            if r.len() != 3 {
                return Err(SheetError::Shape(r.len()));
            }
            rows.push([r[0].to_owned(), r[1].to_owned(), r[2].to_owned()]);
        }
        let mut rows = rows.into_iter();
        let mut first = rows.next().unwrap_or_default();
        let title = if first[0].is_empty() && first[2].is_empty() && !first[1].is_empty() {
            let title = std::mem::take(&mut first[1]);
            first = rows.next().unwrap_or_default();
            Some(title)
        } else {
            None
        };
        Ok(Sheet {
            title,
            header: first,
            rows: rows.collect(),
        })
    }

    /// The table as CSV in `style`, with the figures written as `lang`'s reader reads them.
    pub fn to_csv(&self, style: CsvStyle, lang: Language) -> Result<Vec<u8>, SheetError> {
        let excel = style == CsvStyle::Excel;
        let comma = excel && lang != Language::En;
        let mut w = csv::WriterBuilder::new()
            .delimiter(if comma { b';' } else { b',' })
            .from_writer(Vec::new());
        if let Some(title) = &self.title {
            w.write_record(["", title.as_str(), ""])?;
        }
        w.write_record(&self.header)?;
        for [code, label, value] in &self.rows {
            let code = if excel && code.contains('.') && looks_like_a_number(code) {
                // "2.1" is the 2nd of January to a Russian Excel, and "2.10" the number 2.1
                // to an English one: a formula that yields the text keeps the code as it is.
                format!("=\"{code}\"")
            } else {
                code.clone()
            };
            let value = if comma && looks_like_a_number(value) {
                value.replace('.', ",")
            } else {
                value.clone()
            };
            w.write_record([code.as_str(), label, &value])?;
        }
        let body = w
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(if excel {
            [b"\xEF\xBB\xBF".as_slice(), &body].concat()
        } else {
            body
        })
    }

    /// The table as an XLSX workbook: the title, the period as two date cells, the header,
    /// then each line with its value as a number cell (blank where there is no data).
    pub fn to_xlsx(
        &self,
        name: &str,
        period: (NaiveDate, NaiveDate),
        lang: Language,
    ) -> Result<Vec<u8>, SheetError> {
        let mut book = Workbook::new();
        let page = book.add_worksheet();
        page.set_name(sheet_name(name))?;
        let bold = Format::new().set_bold();
        let heading = Format::new().set_bold().set_font_size(14);
        let wrap = Format::new().set_text_wrap();
        let day = Format::new().set_num_format(match lang {
            Language::En => "yyyy-mm-dd",
            Language::Ru | Language::Tt => "dd.mm.yyyy",
        });
        let whole = Format::new().set_num_format("0");
        let tenths = Format::new().set_num_format("0.0");
        page.set_column_width(0, 9)?;
        page.set_column_width(1, 80)?;
        page.set_column_width(2, 14)?;
        page.write_string_with_format(0, 0, self.title.as_deref().unwrap_or(name), &heading)?;
        page.write_string(1, 0, period_word(lang))?;
        page.write_date_with_format(1, 1, excel_day(period.0)?, &day)?;
        page.write_date_with_format(1, 2, excel_day(period.1)?, &day)?;
        let top = 3;
        for (col, text) in self.header.iter().enumerate() {
            page.write_string_with_format(top, col as u16, text, &bold)?;
        }
        for (n, [code, label, value]) in self.rows.iter().enumerate() {
            let row = top + 1 + n as u32;
            page.write_string(row, 0, code)?;
            page.write_string_with_format(row, 1, label, &wrap)?;
            match value.parse::<f64>() {
                Ok(v) if looks_like_a_number(value) => {
                    let f = if value.contains('.') { &tenths } else { &whole };
                    page.write_number_with_format(row, 2, v, f)?;
                }
                _ if value.is_empty() => {}
                _ => {
                    page.write_string(row, 2, value)?;
                }
            }
        }
        page.set_freeze_panes(top + 1, 0)?;
        Ok(book.save_to_buffer()?)
    }
}

/// What a report's plain CSV becomes where it leaves the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spreadsheet {
    Csv(CsvStyle),
    Xlsx,
}

impl Spreadsheet {
    /// The CSV the switches ask for: `--plain` for scripts, else for Excel.
    pub fn csv(plain: bool) -> Spreadsheet {
        Spreadsheet::Csv(if plain {
            CsvStyle::Plain
        } else {
            CsvStyle::Excel
        })
    }
}

/// The report's plain CSV (`plain`) as `to` asks; `name` titles the workbook's sheet, `period`
/// is its first and last day.
pub fn convert(
    plain: &str,
    to: Spreadsheet,
    lang: Language,
    name: &str,
    period: (NaiveDate, NaiveDate),
) -> Result<Vec<u8>, SheetError> {
    let sheet = Sheet::from_plain_csv(plain)?;
    match to {
        Spreadsheet::Csv(style) => sheet.to_csv(style, lang),
        Spreadsheet::Xlsx => sheet.to_xlsx(name, period, lang),
    }
}

/// Groups of digits joined by points: a figure ("12", "37.5") or a numbered code ("2.1").
fn looks_like_a_number(s: &str) -> bool {
    s.split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn period_word(lang: Language) -> &'static str {
    match lang {
        Language::Ru => "Период",
        Language::Tt => "Чор",
        Language::En => "Period",
    }
}

fn excel_day(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // Reports cover the years Excel can hold (1900–9999); a date beyond them is refused.
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// Excel's sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

#[cfg(test)]
mod tests;
