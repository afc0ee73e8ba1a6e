// The embedded pack is compiled in; rebuild when any of its files change.
fn main() {
    println!("cargo:rerun-if-changed=content");
}
