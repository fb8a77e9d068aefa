/*
 * signals.c — temporaries removed on SIGINT, SIGTERM and SIGHUP (signals.h).
 *
 * The handler only calls async-signal-safe functions (unlink, sigaction,
 * raise): it removes every registered path, restores the default action
 * and raises the signal again, so that the process ends as killed by it.
 * The registry is a fixed table of path buffers, each published by an
 * atomic flag after its path is complete.
 */
#include "signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

static struct {
    atomic_int used;         /* 0 free, 1 being filled, 2 live */
    char path[4096];
} slots[MAS_SIGNALS_MAX];

int mas_signals_remember(const char *path)
{
    size_t n = strlen(path);
    if (n >= sizeof slots[0].path)
        return -1;
    for (int i = 0; i < MAS_SIGNALS_MAX; i++) {
        int expected = 0;
        if (!atomic_compare_exchange_strong(&slots[i].used, &expected, 1))
            continue;
        memcpy(slots[i].path, path, n + 1);
        atomic_store(&slots[i].used, 2);
        return i;
    }
    return -1;
}

void mas_signals_forget(int slot)
{
    if (slot >= 0 && slot < MAS_SIGNALS_MAX)
        atomic_store(&slots[slot].used, 0);
}

static void on_signal(int sig)
{
    for (int i = 0; i < MAS_SIGNALS_MAX; i++)
        if (atomic_load(&slots[i].used) == 2)
            unlink(slots[i].path);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);
}

void mas_signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN);
}
