//! The three languages of the kiosk (Russian by default, Tatar, English), with the pieces of
//! language that are rules rather than translations: how a date is written and how names sort.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

use super::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Ru,
    Tt,
    En,
}

const TATAR_ALPHABET: &str = "аәбвгдеёжҗзийклмнңоөпрстуүфхһцчшщъыьэюя";
const RUSSIAN_ALPHABET: &str = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";

impl Language {
    pub const ALL: [Language; 3] = [Language::Ru, Language::Tt, Language::En];

    /// The ISO 639-1 code, as used for the bundled translations.
    pub fn code(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::Tt => "tt",
            Language::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|l| l.code() == code.trim().to_lowercase())
            .ok_or_else(|| DomainError::Unknown {
                what: "language (ru, tt, en)",
                value: code.into(),
            })
    }

    /// A figure as a reader of this language writes it: «0,4» and «70,0» in Russian and
    /// Tatar, «0.4» and «70.0» in English. `figure` is written with a decimal point.
    pub fn decimal(self, figure: &str) -> String {
        match self {
            Language::En => figure.to_owned(),
            Language::Ru | Language::Tt => figure.replace('.', ","),
        }
    }

    /// A report's section code as this language's reader reads it. The sessions, rental and
    /// restorative sections are lettered in Cyrillic (С, П, В: «занятия», «прокат»,
    /// «восстановительные программы»); an English reader gets S, R and RP. The numbered
    /// sections are the same everywhere.
    pub fn section_code(self, code: &str) -> String {
        match self {
            Language::Ru | Language::Tt => code.to_owned(),
            Language::En => code.replace('С', "S").replace('П', "R").replace('В', "RP"),
        }
    }

    /// The language's name in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Ru => "Русский",
            Language::Tt => "Татарча",
            Language::En => "English",
        }
    }

    /// A date the way a person in this language writes it on a poster:
    /// «воскресенье, 22 ноября 2026», «22 ноябрь 2026, якшәмбе», «Sunday, 22 November 2026».
    pub fn long_date(self, date: NaiveDate) -> String {
        let (d, y) = (date.day(), date.year());
        let m = date.month0() as usize;
        let wd = date.weekday().num_days_from_monday() as usize;
        match self {
            Language::Ru => format!("{}, {d} {} {y}", RU_WEEKDAYS[wd], RU_MONTHS_GENITIVE[m]),
            Language::Tt => format!("{d} {} {y}, {}", TT_MONTHS[m], TT_WEEKDAYS[wd]),
            Language::En => format!("{}, {d} {} {y}", EN_WEEKDAYS[wd], EN_MONTHS[m]),
        }
    }

    /// A day in a calendar's column head: «пн 23.11», «дш 23.11», «Mon 23.11».
    pub fn short_date(self, date: NaiveDate) -> String {
        let wd = date.weekday().num_days_from_monday() as usize;
        let short = match self {
            Language::Ru => ["пн", "вт", "ср", "чт", "пт", "сб", "вс"][wd],
            Language::Tt => ["дш", "сш", "чш", "пш", "җм", "шб", "яш"][wd],
            Language::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][wd],
        };
        format!("{short} {}", date.format("%d.%m"))
    }

    /// Compares two names in this language's alphabetical order. Tatar puts its own letters
    /// after their Russian neighbours (А Ә Б …, Н Ң О Ө …), which a byte or Unicode order
    /// gets wrong; letters outside the alphabet sort after it by code point.
    pub fn collate(self, a: &str, b: &str) -> Ordering {
        let alphabet = match self {
            Language::Tt => TATAR_ALPHABET,
            Language::Ru | Language::En => RUSSIAN_ALPHABET,
        };
        let rank = |c: char| -> (u32, u32) {
            let lower = c.to_lowercase().next().unwrap_or(c);
            match alphabet.chars().position(|x| x == lower) {
                // Cyrillic letters of the alphabet come after Latin ones, as in a Russian index.
                Some(i) => (1, i as u32),
                None if lower.is_ascii() => (0, lower as u32),
                None => (2, lower as u32),
            }
        };
        let key = |s: &str| s.chars().map(rank).collect::<Vec<_>>();
        key(a).cmp(&key(b)).then_with(|| a.cmp(b))
    }
}

pub fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

const RU_MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const RU_WEEKDAYS: [&str; 7] = [
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
];
const TT_MONTHS: [&str; 12] = [
    "гыйнвар",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const TT_WEEKDAYS: [&str; 7] = [
    "дүшәмбе",
    "сишәмбе",
    "чәршәмбе",
    "пәнҗешәмбе",
    "җомга",
    "шимбә",
    "якшәмбе",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[cfg(test)]
mod tests {

    #[test]
    fn figures_take_a_decimal_comma_in_russian_and_tatar() {
        assert_eq!(Language::Ru.decimal("70.0"), "70,0");
        assert_eq!(Language::Tt.decimal("0.4"), "0,4");
        assert_eq!(Language::En.decimal("0.4"), "0.4");
        assert_eq!(Language::Ru.decimal("54"), "54");
    }

    #[test]
    fn section_codes_are_latin_for_an_english_reader() {
        assert_eq!(Language::En.section_code("С.2"), "S.2");
        assert_eq!(Language::En.section_code("П.3.1"), "R.3.1");
        assert_eq!(Language::En.section_code("2.1"), "2.1");
        assert_eq!(Language::En.section_code("В.3.2.1"), "RP.3.2.1");
        assert_eq!(Language::Ru.section_code("П.1"), "П.1");
        assert_eq!(Language::Tt.section_code("С"), "С");
    }

    use super::*;

    #[test]
    fn short_dates_for_column_heads() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(Language::Ru.short_date(d), "пн 23.11");
        assert_eq!(Language::Tt.short_date(d), "дш 23.11");
        assert_eq!(
            Language::En.short_date(d + chrono::Duration::days(6)),
            "Sun 29.11"
        );
    }

    #[test]
    fn codes_round_trip_and_russian_is_default() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()).unwrap(), l);
        }
        assert_eq!(Language::default(), Language::Ru);
        assert_eq!(Language::from_code(" TT ").unwrap(), Language::Tt);
        assert!(Language::from_code("de").is_err());
    }

    #[test]
    fn long_dates_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(Language::Ru.long_date(d), "воскресенье, 22 ноября 2026");
        assert_eq!(Language::Tt.long_date(d), "22 ноябрь 2026, якшәмбе");
        assert_eq!(Language::En.long_date(d), "Sunday, 22 November 2026");
        let jan = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        assert_eq!(Language::Ru.long_date(jan), "понедельник, 4 января 2027");
        assert_eq!(Language::Tt.long_date(jan), "4 гыйнвар 2027, дүшәмбе");
    }

    #[test]
    fn tatar_letters_sort_after_their_neighbours() {
        let mut names = vec![
            "Өмет",
            "Ольга",
            "Әлфия",
            "Борис",
            "Азат",
            "Үзәк",
            "Ушаков",
            "Һади",
            "Хафиз",
        ];
        names.sort_by(|a, b| Language::Tt.collate(a, b));
        assert_eq!(
            names,
            [
                "Азат",
                "Әлфия",
                "Борис",
                "Ольга",
                "Өмет",
                "Ушаков",
                "Үзәк",
                "Хафиз",
                "Һади"
            ]
        );
    }

    #[test]
    fn russian_order_puts_yo_after_ye_and_ignores_case() {
        let mut names = vec!["ёжик", "Жанна", "Евгений", "алина"];
        names.sort_by(|a, b| Language::Ru.collate(a, b));
        assert_eq!(names, ["алина", "Евгений", "ёжик", "Жанна"]);
    }

    #[test]
    fn identical_keys_fall_back_to_exact_order() {
        assert_eq!(Language::Ru.collate("Анна", "анна"), "Анна".cmp("анна"));
        assert_eq!(Language::Ru.collate("Анна", "Анна"), Ordering::Equal);
    }
}
