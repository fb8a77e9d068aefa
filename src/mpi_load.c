/*
 * mpi_load.c — find and load the MPI module (mpi_module.h).
 */
#include "mpi_module.h"
#include "massim.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MAS_LIBDIR
#define MAS_LIBDIR "/usr/local/lib/massim"
#endif

const struct mas_mpi_module *mas_mpi;

/* Try one path: 1 when loaded, 0 when absent, -1 when present but unusable
 * (err says why). */
static int try_path(const char *path, char *err)
{
    if (access(path, F_OK) != 0)
        return 0;
    void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (!h) {
        mas_fail(err, MAS_EIO, "%s: cannot load the MPI module: %s", path, dlerror());
        return -1;
    }
    const struct mas_mpi_module *m = dlsym(h, MAS_MPI_MODULE_SYMBOL);
    if (!m) {
        mas_fail(err, MAS_EIO, "%s: not a massim MPI module (no %s)", path, MAS_MPI_MODULE_SYMBOL);
    } else if (m->abi != MAS_MPI_ABI || !m->version || strcmp(m->version, MAS_VERSION) != 0 ||
               m->opts_size != sizeof(struct mas_sweep_opts)) {
        mas_fail(err, MAS_EIO, "%s: MPI module of massim %.40s, this is massim %s; build both "
                 "with make MPI=1", path, m->version ? m->version : "?", MAS_VERSION);
    } else {
        mas_mpi = m;
        return 1;
    }
    dlclose(h);
    return -1;
}

int mas_mpi_load(char *err)
{
    char self[PATH_MAX], path[PATH_MAX + 32];
    const char *env = getenv("MASSIM_MPI_MODULE");
    if (env && *env) {
        int r = try_path(env, err);
        if (r == 0)
            mas_fail(err, MAS_EIO, "%s (MASSIM_MPI_MODULE): no such file", env);
        return r == 1 ? MAS_OK : MAS_EIO;
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = '\0';
            snprintf(path, sizeof path, "%s/%s", self, MAS_MPI_MODULE_NAME);
            int r = try_path(path, err);
            if (r != 0)
                return r == 1 ? MAS_OK : MAS_EIO;
        }
    }
    snprintf(path, sizeof path, "%s/%s", MAS_LIBDIR, MAS_MPI_MODULE_NAME);
    int r = try_path(path, err);
    if (r == 0)
        mas_fail(err, MAS_EIO, "no MPI module (%s) next to massim or in %s; an MPI sweep needs "
                 "massim built with make MPI=1 (docs/cluster.md)", MAS_MPI_MODULE_NAME, MAS_LIBDIR);
    return r == 1 ? MAS_OK : MAS_EIO;
}
