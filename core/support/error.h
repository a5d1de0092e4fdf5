// Errors raised inside the core. Every message says what went wrong and where (file,
// tensor, line, option); callers add context on the way out with withContext(), and the
// boundary (CLI, GUI job) catches once and shows what().
#pragma once

#include <stdexcept>
#include <string>

namespace prunescope {

class Error : public std::runtime_error
{
public:
    explicit Error(const std::string &message)
        : std::runtime_error(message)
    {}
};

// Thrown when the user cancels a job through its progress callback; the job leaves no
// result and no partial file behind.
class Cancelled : public Error
{
public:
    Cancelled()
        : Error("cancelled")
    {}
};

// Prefixes `context` to the message of an error that is already in flight:
// "reading model.safetensors: header length 12 past the end of the file".
[[noreturn]] inline void rethrowWithContext(const std::string &context, const std::exception &e)
{
    throw Error(context + ": " + e.what());
}

} // namespace prunescope
