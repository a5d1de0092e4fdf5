#include "core/export/onnx_runtime.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace fs = std::filesystem;

namespace prunescope {

namespace {

std::string environment(const char *name, const std::string &fallback)
{
    const char *value = std::getenv(name);
    return value && *value ? value : fallback;
}

// A scratch folder removed with everything in it when the call ends.
struct Scratch
{
    Scratch()
    {
        std::string pattern = (fs::temp_directory_path() / "prunescope-onnx-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw Error("cannot make a temporary folder in " + fs::temp_directory_path().string());
        path = pattern;
    }
    ~Scratch()
    {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

// Runs `node ARGS` with NODE_PATH at the package; returns its standard output, throws its
// standard error when it fails.
std::string runNode(const OnnxRuntime &runtime, const std::vector<std::string> &args, const fs::path &scratch)
{
    const std::string out = (scratch / "stdout").string(), err = (scratch / "stderr").string();
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&files, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> words = {"node", runtime.runner.string()};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto &w : words)
        argv.push_back(w.data());
    argv.push_back(nullptr);
    std::vector<std::string> env = {"NODE_PATH=" + runtime.modules.string()};
    for (char **e = environ; *e; ++e)
        if (std::string(*e).rfind("NODE_PATH=", 0) != 0)
            env.emplace_back(*e);
    std::vector<char *> envp;
    for (auto &e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "node", &files, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&files);
    if (spawned != 0)
        throw Error("cannot start node for ONNX Runtime: " + std::string(std::strerror(spawned)));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string message = fs::exists(err) ? readTextFile(err) : std::string();
        while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
            message.pop_back();
        throw Error("ONNX Runtime failed: " + (message.empty() ? std::string("node exited abnormally") : message));
    }
    return readTextFile(out);
}

} // namespace

std::optional<OnnxRuntime> findOnnxRuntime(std::string *why)
{
    OnnxRuntime runtime;
    runtime.runner = environment("PRUNESCOPE_ONNX_RUNNER", PRUNESCOPE_SOURCE_DIR "/tools/onnx_runtime.cjs");
    runtime.modules = environment("PRUNESCOPE_ONNXRUNTIME_MODULES", PRUNESCOPE_SOURCE_DIR "/build/onnxruntime/node_modules");
    const fs::path package = runtime.modules / "onnxruntime-node" / "package.json";
    std::string missing;
    if (!fs::exists(runtime.runner))
        missing = "the runner " + runtime.runner.string() + " is missing";
    else if (!fs::exists(package))
        missing = "onnxruntime-node is not installed in " + runtime.modules.string() + " (bash setup.sh installs it)";
    else if (std::system("node --version > /dev/null 2>&1") != 0)
        missing = "node is not installed (bash setup.sh installs it)";
    if (!missing.empty()) {
        if (why)
            *why = missing;
        return std::nullopt;
    }
    runtime.version = nlohmann::json::parse(readTextFile(package)).value("version", "");
    return runtime;
}

NamedTensors runOnnx(const OnnxRuntime &runtime, const fs::path &model, const NamedTensors &inputs)
{
    Scratch scratch;
    writeSafetensors(scratch.path / "inputs.safetensors", inputs);
    runNode(runtime, {"run", model.string(), (scratch.path / "inputs.safetensors").string(),
                      (scratch.path / "outputs.safetensors").string()}, scratch.path);
    return readAllTensors(scratch.path / "outputs.safetensors");
}

std::vector<std::vector<double>> timeOnnx(const OnnxRuntime &runtime, const std::vector<fs::path> &models,
                                          const NamedTensors &inputs, int repeat, int warmup, int threads)
{
    Scratch scratch;
    writeSafetensors(scratch.path / "inputs.safetensors", inputs);
    std::string list;
    for (const auto &model : models)
        list += (list.empty() ? "" : ",") + model.string();
    const std::string out = runNode(runtime, {"time", list, (scratch.path / "inputs.safetensors").string(),
                                              "--repeat", std::to_string(repeat), "--warmup", std::to_string(warmup),
                                              "--threads", std::to_string(threads)}, scratch.path);
    return nlohmann::json::parse(out).at("ms").get<std::vector<std::vector<double>>>();
}

} // namespace prunescope
