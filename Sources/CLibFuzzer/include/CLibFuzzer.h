#pragma once
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for a program that has its own main (SwiftPM names the entry point of an
/// executable target itself): it parses libFuzzer's flags and runs `callback` on each input.
/// Linked only in `scripts/fuzz`'s build (-sanitize=fuzzer); declared here for Swift to call.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
