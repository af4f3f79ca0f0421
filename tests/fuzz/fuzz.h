/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - the libFuzzer entry points every target in tests/fuzz defines,
 * declared for -Wmissing-prototypes; replay.c calls them without
 * libFuzzer in the normal build.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* FUZZ_H */
