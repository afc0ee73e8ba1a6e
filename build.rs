// The embedded pack is compiled in; rebuild when any of its files change.
fn main() {
    println!("cargo:rerun-if-changed=content");
    // The loader applies some forty thousand relative relocations at every
    // start; packed (DT_RELR), their table is a few kilobytes rather than
    // a megabyte read page by page, a third of a millisecond less before
    // the first frame. The linker packs them only where the C library can
    // read them, and ignores the request otherwise.
    let target = |k: &str| std::env::var(k).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
