//! The administrator's override as `ladoshka screenshot` shows it, without a database: the
//! demo centre's first psychologist would lead a case although she leads a child's own therapy;
//! the administrator has chosen themself, typed part of the PIN and written the reason.

use slint::{ComponentHandle, ModelRc, VecModel};

use super::{OverrideAdmin, OverrideProblem, RestorativeOverrideAdapter};
use crate::app::preview_data::PreviewData;
use crate::app::AppWindow;
use crate::domain::Role;

pub(crate) fn fill(ui: &AppWindow, data: &PreviewData) {
    let name = |role: Role| {
        data.first_with(role)
            .map(|c| c.member.list_name())
            .unwrap_or_default()
    };
    let child = crate::demo::generate(data.today)
        .families
        .first()
        .and_then(|f| f.children.first())
        .map(|c| c.first_name.to_string())
        .unwrap_or_default();
    let admins: Vec<OverrideAdmin> = data
        .staff
        .iter()
        .filter(|c| c.member.role == Role::Admin)
        .map(|c| OverrideAdmin {
            name: c.member.list_name().into(),
        })
        .collect();
    let a = ui.global::<RestorativeOverrideAdapter>();
    a.set_facilitator(name(Role::Psychologist).into());
    a.set_child(child.into());
    a.set_chosen(if admins.is_empty() { -1 } else { 0 });
    a.set_admins(ModelRc::new(VecModel::from(admins)));
    a.set_digits_typed(4);
    a.set_reason(
        "В центре нет другого ведущего с подготовкой медиатора; семьи согласны, супервизия у руководителя службы."
            .into(),
    );
    a.set_busy(false);
    a.set_problem(OverrideProblem::None);
}
