// The embedded pack is compiled in; rebuild when any of its files change.
fn main() {
    println!("cargo:rerun-if-changed=content");
    // A position-independent program has some forty thousand pointers in
    // 770 KB of read-only data that the loader relocates at every start,
    // writing (and so copying) nearly every one of those pages: about 190
    // page faults and half a millisecond before `main`, a sixth of the time
    // to the first frame. Linked at a fixed address, the pointers are
    // resolved once, by the linker, and the pages are only read where used.
    // The cost is that the program's own code is not placed at a random
    // address; libraries, heap and stack still are, and the crate forbids
    // unsafe code.
    let target = |k: &str| std::env::var(k).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
