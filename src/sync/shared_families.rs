//! Taking the families of this kiosk's КЦСОН from a configuration package (issue 18 §3): the
//! families the КЦСОН's other kiosks hold come with every new version, so a family enrolled at
//! the play-therapy kiosk can be found at the rental desk. A family with an unknown uid is added
//! here with that uid; a known one takes the centre's record only when it was edited later (at
//! the same second: on the smaller device id; `Edit::supersedes`); none is ever deleted because
//! a package leaves it out. The families enrolled before families had a uid are sent to the
//! centre again with theirs the first time. Runs inside the transaction that records the version.

use crate::domain::centre_config::SharedFamily;
use crate::store::{FamiliesApplied, StoreError, Writer};

/// Applies `families` in the package's transaction `w`.
pub(super) fn apply(
    w: &mut Writer<'_>,
    families: &[SharedFamily],
) -> Result<FamiliesApplied, StoreError> {
    let done = w.apply_shared_families(families)?;
    if done != FamiliesApplied::default() {
        tracing::info!(
            added = done.added,
            updated = done.updated,
            announced = done.announced,
            "the families of the КЦСОН taken"
        );
    }
    Ok(done)
}
