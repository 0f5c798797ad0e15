//! The enrolment steps filled for `ladoshka screenshot`: a made-up family part-way through.

use chrono::NaiveDate;
use slint::ComponentHandle;

use super::AppWindow;
use crate::domain::Language;

use super::{EnrolmentAdapter, EnrolmentStep};

/// A made-up family part-way through enrolment.
pub(crate) fn enrolment_preview(
    ui: &AppWindow,
    step: EnrolmentStep,
    lang: Language,
    today: NaiveDate,
) {
    use crate::domain::consent::{ConsentFacts, ConsentSubject, ConsentText};
    use crate::domain::{PadPoint, Signature};
    let a = ui.global::<EnrolmentAdapter>();
    let avatars: Vec<slint::SharedString> = crate::domain::Avatar::ALL
        .iter()
        .map(|a| a.key().into())
        .collect();
    a.set_avatars(slint::ModelRc::new(slint::VecModel::from(avatars)));
    a.set_parent_name("Иванова Анна Серг".into());
    if step != EnrolmentStep::Parent {
        a.set_parent_name("Иванова Анна Сергеевна".into());
        a.set_family_surname("Ивановы".into());
        a.set_phone("8 917 000-11-22".into());
        a.set_address("г. Казань, ул. Баумана, д. 1, кв. 2".into());
        a.set_id_document("паспорт 9212 345678".into());
    }
    a.set_child_first_name("Маша".into());
    a.set_child_surname("Иванова".into());
    a.set_birth_date("01.03.2011".into());
    a.set_first_name_public(true);
    a.set_situations(slint::ModelRc::new(slint::VecModel::from(vec![
        false, false, true, false,
    ])));
    a.set_avatar("fox".into());
    match step {
        EnrolmentStep::Code => a.set_code_entered(2),
        EnrolmentStep::Consent => {
            let subject =
                ConsentSubject::new("г. Казань, ул. Баумана, д. 1, кв. 2", "паспорт 9212 345678")
                    .expect("sample details are valid");
            let text = ConsentText::fill(
                lang,
                &ConsentFacts {
                    operator: crate::demo::DEMO_OPERATOR,
                    parent_name: "Иванова Анна Сергеевна",
                    subject: &subject,
                    child_full_name: "Иванова Маша",
                    child_first_name: "Маша",
                    birth_date: NaiveDate::from_ymd_opt(2011, 3, 1).expect("a real date"),
                    first_name_public: true,
                },
            )
            .expect("the sample consent fills");
            a.set_consent_text(text.text.into());
            let mut ink = Signature::default();
            ink.pen_down(PadPoint { x: 0.12, y: 0.62 });
            for i in 1..=24 {
                let x = 0.12 + i as f32 * 0.028;
                ink.pen_move(PadPoint {
                    x,
                    y: 0.55 + 0.18 * ((i as f32) * 0.9).sin(),
                });
            }
            a.set_parent_ink(ink.path_commands().into());
            a.set_parent_signed(true);
            a.set_child_signs(crate::domain::enrolment::child_signs(
                NaiveDate::from_ymd_opt(2011, 3, 1).expect("a real date"),
                today,
            ));
        }
        _ => {}
    }
    a.set_step(step);
}
