//! The coloured ring around a child's picture, so that children with the same picture can tell
//! their tiles apart at the door (two hedgehogs on one day: one plain, one in a blue ring). A
//! child's ring is given once, at enrolment, and never changes: the least used ring among the
//! children who already have that picture, the plain one (0) first.

/// How many rings there are: 0 is none (the picture alone), 1–5 are colours.
pub const FRAMES: u8 = 6;

/// The ring for a new child whose picture `counts[f]` children already wear with ring `f`:
/// the least used, the lowest number first (so the first child of a picture has none).
pub fn least_used_frame(counts: &[u32; FRAMES as usize]) -> u8 {
    (0..FRAMES)
        .min_by_key(|&f| (counts[usize::from(f)], f))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_child_of_a_picture_has_no_ring_and_the_next_ones_each_a_new_colour() {
        let mut counts = [0u32; 6];
        let mut given = Vec::new();
        for _ in 0..8 {
            let f = least_used_frame(&counts);
            counts[usize::from(f)] += 1;
            given.push(f);
        }
        assert_eq!(given, [0, 1, 2, 3, 4, 5, 0, 1]);
    }

    #[test]
    fn a_ring_freed_by_an_erasure_is_given_again_first() {
        assert_eq!(least_used_frame(&[1, 1, 0, 1, 1, 1]), 2);
        assert_eq!(least_used_frame(&[2, 2, 2, 1, 2, 2]), 3);
        assert_eq!(least_used_frame(&[0; 6]), 0);
    }
}
