// libFuzzer target for the safetensors header parser: any input must either parse or be
// refused with prunescope::Error. Other exceptions, crashes, leaks and sanitizer reports
// are findings. The whole input is the "file", so header claims past it must be refused
// before anything is allocated for them.
#include "core/support/error.h"
#include "core/io/safetensors_header.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        const auto header = prunescope::parseSafetensorsHeader(data, size, size, "fuzz");
        // Touch what the parser promises so a lie in it shows up under the sanitizers.
        for (const auto &t : header.tensors)
            if (header.dataStart + t.end > size || t.elementCount() * prunescope::dtypeSize(t.dtype) != t.end - t.begin)
                __builtin_trap();
    } catch (const prunescope::Error &) {
        // Refused with a message: the expected outcome for malformed input.
    }
    return 0;
}
