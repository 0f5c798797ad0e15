//! What the rental desk screen reads: an item found by its label, its card, the families it may go to.
