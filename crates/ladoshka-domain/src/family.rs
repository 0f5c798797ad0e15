//! Families and their children: who the centre helps. A child belongs to one family; the
//! family holds the parent's contact. Surnames are kept for staff and psychologists only —
//! public screens show an avatar and, where the family agreed, a first name.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::names::clean_name;
use super::{Avatar, DomainError, LifeSituation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FamilyId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ChildId(pub i64);

/// A Russian phone number kept as +7 and ten digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts what people type: «8 (917) 123-45-67», «+7 917 1234567», «79171234567».
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let only_phone_chars = raw
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+'));
        let ten = match digits.len() {
            11 if digits.starts_with('7') || digits.starts_with('8') => &digits[1..],
            // Ten digits is a number typed without the 8/+7 prefix; «89…» is a mobile number
            // with a digit missing, not a code area.
            10 if !raw.trim_start().starts_with('+') && !digits.starts_with("89") => &digits[..],
            _ => return Err(DomainError::BadPhone(raw.trim().to_owned())),
        };
        if !only_phone_chars || !ten.starts_with(['3', '4', '8', '9']) {
            return Err(DomainError::BadPhone(raw.trim().to_owned()));
        }
        Ok(Self(format!("+7{ten}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// «+7 917 123-45-67», for a person to dial.
    pub fn display(&self) -> String {
        let d = &self.0[2..];
        format!("+7 {} {}-{}-{}", &d[..3], &d[3..6], &d[6..8], &d[8..])
    }
}

/// A family as entered at enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewFamily {
    pub surname: String,
    /// The parent or guardian who consents and is called: full name.
    pub parent_name: String,
    pub phone: Option<PhoneNumber>,
}

impl NewFamily {
    pub fn new(surname: &str, parent_name: &str, phone: Option<&str>) -> Result<Self, DomainError> {
        Ok(Self {
            surname: clean_name("surname", surname)?,
            parent_name: clean_name("parent's name", parent_name)?,
            phone: phone.map(PhoneNumber::parse).transpose()?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Family {
    pub id: FamilyId,
    pub details: NewFamily,
}

/// A child as entered at enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewChild {
    pub family: FamilyId,
    pub first_name: String,
    pub surname: String,
    pub birth_date: NaiveDate,
    pub avatar: Avatar,
    /// The family agreed that the first name may appear on public screens.
    pub first_name_public: bool,
    /// Sorted, without repeats.
    pub situations: Vec<LifeSituation>,
}

/// The oldest age the rooms serve.
pub const MAX_CHILD_AGE: u32 = 17;

impl NewChild {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        family: FamilyId,
        first_name: &str,
        surname: &str,
        birth_date: NaiveDate,
        avatar: Avatar,
        first_name_public: bool,
        situations: &[LifeSituation],
        today: NaiveDate,
    ) -> Result<Self, DomainError> {
        if birth_date > today {
            return Err(DomainError::BirthInFuture(birth_date));
        }
        let age = age_on(birth_date, today);
        if age > MAX_CHILD_AGE {
            return Err(DomainError::TooOld {
                birth: birth_date,
                age,
            });
        }
        let mut situations = situations.to_vec();
        situations.sort();
        situations.dedup();
        Ok(Self {
            family,
            first_name: clean_name("first name", first_name)?,
            surname: clean_name("surname", surname)?,
            birth_date,
            avatar,
            first_name_public,
            situations,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Child {
    pub id: ChildId,
    pub details: NewChild,
}

impl Child {
    /// What a public screen may call this child: the first name if the family agreed, else nothing.
    pub fn public_name(&self) -> Option<&str> {
        self.details
            .first_name_public
            .then_some(self.details.first_name.as_str())
    }
}

/// Full years between the birth date and `on` (a birthday counts on its day; 29 February
/// birthdays count on 1 March in other years).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn phone_numbers_as_people_type_them() {
        for raw in [
            "8 (917) 123-45-67",
            "+7 917 123 45 67",
            "79171234567",
            "9171234567",
            "+7(843)2001122",
        ] {
            let p = PhoneNumber::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert!(
                p.as_str().starts_with("+7") && p.as_str().len() == 12,
                "{raw}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("8 (917) 123-45-67").unwrap().display(),
            "+7 917 123-45-67"
        );
    }

    #[test]
    fn wrong_phone_numbers_are_refused() {
        for raw in [
            "",
            "12345",
            "+1 917 123 45 67",
            "8917123456",
            "8 917 123 45 67 8",
            "+79171234567x",
            "8 (117) 123-45-67",
            "+9171234567",
        ] {
            assert!(PhoneNumber::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn age_counts_full_years() {
        assert_eq!(age_on(d(2019, 11, 22), d(2026, 11, 22)), 7);
        assert_eq!(age_on(d(2019, 11, 23), d(2026, 11, 22)), 6);
        assert_eq!(age_on(d(2020, 2, 29), d(2025, 2, 28)), 4);
        assert_eq!(age_on(d(2020, 2, 29), d(2025, 3, 1)), 5);
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 1, 1)), 0);
    }

    #[test]
    fn child_rules() {
        let today = d(2026, 11, 22);
        let ok = NewChild::new(
            FamilyId(1),
            " Маша ",
            "Иванова",
            d(2019, 5, 1),
            Avatar::Fox,
            true,
            &[
                LifeSituation::Emergency,
                LifeSituation::LossOfParents,
                LifeSituation::Emergency,
            ],
            today,
        )
        .unwrap();
        assert_eq!(ok.first_name, "Маша");
        assert_eq!(
            ok.situations,
            [LifeSituation::LossOfParents, LifeSituation::Emergency]
        );

        let future = NewChild::new(
            FamilyId(1),
            "Маша",
            "Иванова",
            d(2027, 1, 1),
            Avatar::Fox,
            false,
            &[],
            today,
        );
        assert_eq!(
            future.unwrap_err(),
            DomainError::BirthInFuture(d(2027, 1, 1))
        );
        let adult = NewChild::new(
            FamilyId(1),
            "Маша",
            "Иванова",
            d(2008, 11, 22),
            Avatar::Fox,
            false,
            &[],
            today,
        );
        assert!(matches!(
            adult.unwrap_err(),
            DomainError::TooOld { age: 18, .. }
        ));
        let seventeen = NewChild::new(
            FamilyId(1),
            "Маша",
            "Иванова",
            d(2008, 11, 23),
            Avatar::Fox,
            false,
            &[],
            today,
        );
        assert!(seventeen.is_ok());
        let no_name = NewChild::new(
            FamilyId(1),
            "",
            "Иванова",
            d(2019, 1, 1),
            Avatar::Fox,
            false,
            &[],
            today,
        );
        assert!(matches!(no_name.unwrap_err(), DomainError::Empty { .. }));
    }

    #[test]
    fn public_name_only_with_the_familys_agreement() {
        let today = d(2026, 11, 22);
        let mut child = Child {
            id: ChildId(1),
            details: NewChild::new(
                FamilyId(1),
                "Айдар",
                "Галиев",
                d(2018, 1, 1),
                Avatar::Owl,
                false,
                &[],
                today,
            )
            .unwrap(),
        };
        assert_eq!(child.public_name(), None);
        child.details.first_name_public = true;
        assert_eq!(child.public_name(), Some("Айдар"));
    }

    #[test]
    fn family_needs_names_and_a_valid_phone() {
        assert!(NewFamily::new(
            "Галиевы",
            "Галиева Гүзәл Рамилевна",
            Some("8 917 000-11-22")
        )
        .is_ok());
        assert!(NewFamily::new("Галиевы", "Галиева Гүзәл", None).is_ok());
        assert!(NewFamily::new("", "Галиева", None).is_err());
        assert!(NewFamily::new("Галиевы", "Галиева", Some("123")).is_err());
    }
}
