//! The reconciliation room's staff screens (issue 21): the case list with the facilitator's
//! agreement items due (`list`), the referral card that opens a case (`referral`), and one case
//! at its stage (`case`, with its parts `case_show`, `case_sign`, `case_joint`, `case_close`).
//! The domain rules are in `domain::restorative`, the records in `store::restorative`; these
//! adapters only ask the store and show its answers, refusals as the screens' own words
//! (`words`). The child's own screens, the meeting room and the agreement are other screens,
//! reached through routes.

mod case;
mod case_close;
mod case_joint;
mod case_show;
mod case_sign;
pub(crate) mod list;
pub(crate) mod preview;
pub(crate) mod referral;
mod words;

pub(crate) use case::install as install_case;
pub(crate) use list::install as install_list;
pub(crate) use referral::install as install_referral;
