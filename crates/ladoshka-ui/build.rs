//! Compiles the Slint UI with the Russian and Tatar translations bundled in (English is the
//! source language), so the kiosk needs no files beside the binary.
fn main() {
    // Read at run time, not with env!(): a shared target directory may reuse this build script,
    // compiled for a clone at another path.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let config = slint_build::CompilerConfiguration::new()
        .with_bundled_translations(format!("{manifest_dir}/../../ui/translations"))
        .with_default_translation_context(slint_build::DefaultTranslationContext::None);
    slint_build::compile_with_config(format!("{manifest_dir}/../../ui/app.slint"), config)
        .expect("the Slint UI failed to compile");
    println!("cargo:rerun-if-changed={manifest_dir}/../../ui");
}
