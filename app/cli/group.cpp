#include "app/cli/group.h"

#include "app/cli/cli_support.h"
#include "core/support/error.h"

#include <torch/cuda.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <thread>
#include <vector>

extern char **environ;

namespace prunescope::cli {

namespace {

std::shared_ptr<const WorkGroup> joined; // once this process is in its group

// This process's environment with `set` put in: a child's, made before fork (after it only
// exec may run).
std::vector<std::string> environmentWith(const std::map<std::string, std::string> &set)
{
    std::vector<std::string> all;
    for (char **e = environ; *e; ++e) {
        const std::string entry = *e;
        if (!set.count(entry.substr(0, entry.find('='))))
            all.push_back(entry);
    }
    for (const auto &[key, value] : set)
        all.push_back(key + "=" + value);
    return all;
}

// The group's processes for the signal handler: fixed once started, an ended one set to 0
// (never erased, so the handler never reads a vector being changed).
std::vector<pid_t> *running = nullptr;

void forwardSignal(int signal)
{
    if (running)
        for (const pid_t pid : *running)
            if (pid > 0)
                ::kill(pid, signal);
}

std::string valueOf(int argc, char **argv, const std::string &option, const std::string &fallback)
{
    for (int i = 2; i + 1 < argc; ++i)
        if (argv[i] == option)
            return argv[i + 1];
    return fallback;
}

} // namespace

bool runsAsGroup(const std::string &command, const std::string &action)
{
    return command == "score" || command == "eval" || command == "sweep"
           || (command == "study" && (action == "score" || action == "eval" || action == "sweep"));
}

std::shared_ptr<const WorkGroup> processGroup()
{
    static const auto group = joined = WorkGroup::fromEnvironment();
    return group;
}

bool speaks()
{
    const auto group = processGroup();
    return !group || group->leads();
}

torch::Device processDevice(torch::Device device)
{
    const auto group = processGroup();
    return group ? group->deviceFor(device) : device;
}

std::shared_ptr<const WorkGroup> joinedGroup()
{
    return joined;
}

int gpusAsked(int argc, char **argv)
{
    const std::string text = valueOf(argc, argv, "--gpus", "");
    if (text.empty())
        return 0;
    char *end = nullptr;
    const long n = std::strtol(text.c_str(), &end, 10);
    if (*end != '\0' || n < 1 || n > 1024)
        throw UsageError("--gpus is '" + text + "', not a number of processes from 1 to 1024");
    return int(n);
}

int launchGroup(int argc, char **argv, int processes)
{
    const bool cpu = valueOf(argc, argv, "--device", "auto") == "cpu";
    if (!cpu && int64_t(torch::cuda::device_count()) < processes)
        throw Error("--gpus " + std::to_string(processes) + ": this machine has " + std::to_string(torch::cuda::device_count())
                    + " GPU(s) (with --device cpu the processes share the CPU)");
    if (!WorkGroup::available())
        throw Error("--gpus " + std::to_string(processes) + ": this build of PruneScope cannot run as a group (no c10d with Gloo)");
    const int port = WorkGroup::freePort();
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    std::vector<std::vector<std::string>> environments;
    for (int rank = 0; rank < processes; ++rank) {
        std::map<std::string, std::string> set = {{"RANK", std::to_string(rank)},       {"LOCAL_RANK", std::to_string(rank)},
                                                  {"WORLD_SIZE", std::to_string(processes)}, {"LOCAL_WORLD_SIZE", std::to_string(processes)},
                                                  {"MASTER_ADDR", "127.0.0.1"},           {"MASTER_PORT", std::to_string(port)}};
        if (cpu && !std::getenv("OMP_NUM_THREADS")) // the cores shared out, not each process taking them all
            set["OMP_NUM_THREADS"] = std::to_string(std::max(1U, cores / unsigned(processes)));
        environments.push_back(environmentWith(set));
    }
    static std::vector<pid_t> children;
    children.assign(environments.size(), 0);
    running = &children;
    struct sigaction forward {};
    forward.sa_handler = forwardSignal;
    ::sigaction(SIGINT, &forward, nullptr);
    ::sigaction(SIGTERM, &forward, nullptr);
    for (size_t rank = 0; rank < environments.size(); ++rank) {
        std::vector<char *> envp;
        for (auto &entry : environments[rank])
            envp.push_back(entry.data());
        envp.push_back(nullptr);
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::execve("/proc/self/exe", argv, envp.data());
            ::_exit(127);
        }
        if (pid < 0) {
            forwardSignal(SIGTERM);
            throw Error(std::string("could not start the group's processes: ") + std::strerror(errno));
        }
        children[rank] = pid;
    }
    // The first process to fail ends the job: its message is already on stderr, and the
    // others may be busy far from their next collective, so they are stopped.
    int result = 0;
    for (size_t left = children.size(); left > 0;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        --left;
        for (auto &child : children)
            if (child == pid)
                child = 0;
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (code != 0 && result == 0) {
            result = code;
            forwardSignal(SIGTERM);
        }
    }
    running = nullptr;
    return result;
}

} // namespace prunescope::cli
