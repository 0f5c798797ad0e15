//! A first visit: the family, the child, the avatar the child chose, the secret picture code
//! and the signed consent, gathered before anything is stored. An [`Enrolment`] can only be
//! built with a signed consent (and the child's own signature when they are 14–17), so a
//! record about a child without consent cannot reach the store.

use chrono::NaiveDate;

use super::consent::{ConsentSubject, ConsentText};
use super::family::age_on;
use super::signature::Signature;
use super::{DomainError, NewChild, NewFamily, PictureCode};

/// Children this old and older sign their consent together with the parent.
pub const CO_SIGN_FROM_AGE: u32 = 14;

/// Whether a child born on `birth` signs the consent too, on `today`.
pub fn child_signs(birth: NaiveDate, today: NaiveDate) -> bool {
    age_on(birth, today) >= CO_SIGN_FROM_AGE
}

/// The signed consent as it is kept: the exact text and both signatures as PNG images.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedConsent {
    pub text: ConsentText,
    pub subject: ConsentSubject,
    pub parent_signature_png: Vec<u8>,
    pub child_signature_png: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    pub family: NewFamily,
    /// The child; its family id is filled in by the store when the family row exists.
    pub child: NewChild,
    pub code: PictureCode,
    pub consent: SignedConsent,
}

impl Enrolment {
    /// Refuses an unsigned consent, and a 14–17-year-old's consent without their signature.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        family: NewFamily,
        child: NewChild,
        code: PictureCode,
        text: ConsentText,
        subject: ConsentSubject,
        parent: &Signature,
        child_signature: Option<&Signature>,
        today: NaiveDate,
    ) -> Result<Self, DomainError> {
        if !parent.is_signed() {
            return Err(DomainError::NotSigned { who: "the parent" });
        }
        let child_png = if child_signs(child.birth_date, today) {
            match child_signature {
                Some(s) if s.is_signed() => Some(s.to_png()),
                _ => {
                    return Err(DomainError::NotSigned {
                        who: "the child (14–17 years old)",
                    })
                }
            }
        } else {
            None
        };
        Ok(Self {
            family,
            child,
            code,
            consent: SignedConsent {
                text,
                subject,
                parent_signature_png: parent.to_png(),
                child_signature_png: child_png,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::ConsentFacts;
    use crate::signature::PadPoint;
    use crate::{Avatar, FamilyId, Language};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn signed() -> Signature {
        let mut s = Signature::default();
        s.pen_down(PadPoint { x: 0.1, y: 0.5 });
        s.pen_move(PadPoint { x: 0.8, y: 0.4 });
        s
    }

    fn build(
        birth: NaiveDate,
        parent: &Signature,
        child: Option<&Signature>,
    ) -> Result<Enrolment, DomainError> {
        let today = d(2026, 11, 22);
        let family = NewFamily::new(
            "Ивановы",
            "Иванова Анна Сергеевна",
            Some("+7 917 000-11-22"),
        )?;
        let kid = NewChild::new(
            FamilyId(0),
            "Маша",
            "Иванова",
            birth,
            Avatar::Fox,
            true,
            &[],
            today,
        )?;
        let subject = ConsentSubject::new("Казань", "паспорт 9212 345678")?;
        let text = ConsentText::fill(
            Language::Ru,
            &ConsentFacts {
                operator: "ГБУ КЦСОН",
                parent_name: &family.parent_name,
                subject: &subject,
                child_full_name: "Иванова Маша",
                child_first_name: "Маша",
                birth_date: birth,
                first_name_public: true,
            },
        )?;
        Enrolment::new(
            family,
            kid,
            PictureCode::new(&[0, 1, 2])?,
            text,
            subject,
            parent,
            child,
            today,
        )
    }

    #[test]
    fn no_signature_no_enrolment() {
        let err = build(d(2019, 5, 1), &Signature::default(), None).unwrap_err();
        assert_eq!(err, DomainError::NotSigned { who: "the parent" });
    }

    #[test]
    fn a_young_child_needs_only_the_parent() {
        let e = build(d(2019, 5, 1), &signed(), None).unwrap();
        assert!(e.consent.child_signature_png.is_none());
        assert!(e.consent.parent_signature_png.starts_with(b"\x89PNG"));
        let e = build(d(2019, 5, 1), &signed(), Some(&signed())).unwrap();
        assert!(
            e.consent.child_signature_png.is_none(),
            "a 7-year-old's scribble is not kept as a signature"
        );
    }

    #[test]
    fn a_teenager_signs_too() {
        let fourteen = d(2012, 11, 22);
        assert!(child_signs(fourteen, d(2026, 11, 22)));
        assert!(
            !child_signs(d(2012, 11, 23), d(2026, 11, 22)),
            "one day short of 14"
        );
        assert_eq!(
            build(fourteen, &signed(), None).unwrap_err(),
            DomainError::NotSigned {
                who: "the child (14–17 years old)"
            }
        );
        assert_eq!(
            build(fourteen, &signed(), Some(&Signature::default())).unwrap_err(),
            DomainError::NotSigned {
                who: "the child (14–17 years old)"
            }
        );
        let e = build(fourteen, &signed(), Some(&signed())).unwrap();
        assert!(e.consent.child_signature_png.is_some());
    }
}
