// Ctrl-C that reaches synchronous loops. Node runs a JS signal listener only when its event loop gets
// a turn, which a training or simulation loop never gives it; so this handler counts SIGINT and
// SIGTERM at once (JS polls the count at its safe points), chains to the handler it replaced (libuv's,
// so the JS listeners still run later), and on the second signal quits with code 130.
#include "signals.h"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace catchment {
namespace {

std::atomic<int> signalsSeen{0};
struct sigaction previous[2];

int slot(int sig) { return sig == SIGINT ? 0 : 1; }

void onSignal(int sig, siginfo_t* info, void* context) {
  const int n = signalsSeen.fetch_add(1) + 1;
  if (n >= 2) {
    const char msg[] = "\ninterrupted twice: quitting now\n";
    ssize_t written = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)written;
    _exit(130);
  }
  const char msg[] = "\nstopping at the next safe point (Ctrl-C again to quit at once)\n";
  ssize_t written = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)written;
  const struct sigaction& old = previous[slot(sig)];
  if (old.sa_flags & SA_SIGINFO) {
    if (old.sa_sigaction) old.sa_sigaction(sig, info, context);
  } else if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler != nullptr) {
    old.sa_handler(sig);
  }
}

void install(int sig) {
  struct sigaction current;
  sigaction(sig, nullptr, &current);
  // already ours (installed again after Node re-installed its own, or not): keep what we chain to
  if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == onSignal) return;
  struct sigaction mine {};
  mine.sa_sigaction = onSignal;
  mine.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&mine.sa_mask);
  sigaction(sig, &mine, &previous[slot(sig)]);
}

}  // namespace

// Installs the handler (call after Node installed its own listeners, which replace any handler).
Napi::Value WatchSignals(const Napi::CallbackInfo& info) {
  install(SIGINT);
  install(SIGTERM);
  return info.Env().Undefined();
}

Napi::Value SignalCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), signalsSeen.load());
}

}  // namespace catchment
