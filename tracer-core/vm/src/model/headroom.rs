//! Copies of buffers that will keep growing. A VM is copied to run on
//! (checkpoints, explore's shared prefix), and `Vec::clone` allocates
//! exactly the length, so the copy's first push would reallocate and copy
//! everything again.

/// A copy of `items` with room for a quarter more (at least 64) before it
/// reallocates.
#[must_use]
pub fn clone_with_headroom<T: Clone>(items: &[T]) -> Vec<T> {
    let mut copy = Vec::with_capacity(items.len() + (items.len() / 4).max(64));
    copy.extend_from_slice(items);
    copy
}

#[cfg(test)]
mod tests {
    use super::clone_with_headroom;

    #[test]
    fn the_copy_is_equal_and_can_grow_without_reallocating() {
        let items: Vec<u32> = (0..1000).collect();
        let mut copy = clone_with_headroom(&items);
        assert_eq!(copy, items);
        let buffer = copy.as_ptr();
        copy.extend(0..250);
        assert_eq!(copy.as_ptr(), buffer);
    }
}
