/*
 * cli_fit.c — `massim fit SCENARIO DATA.csv [DATA.csv ...] -o FIT.h5`:
 * estimate the parameters of the scenario's `fit:` section from one or
 * several patients' observations (fit.c; docs/fitting.md).
 */
#include "cli.h"
#include "fit_run.h"
#include "massim.h"
#include "run.h"
#include "scenario.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fit_args {
    const char *scenario, *out;
    struct mas_cli_list data, sets;
    int quiet;
};

/* Patient p's run: the scenario with the command line's --set, then its
 * data file's # set: lines.  A line that cannot be applied is reported at
 * FILE:LINE:COL. */
static int setup_patient(struct mas_run *r, const struct fit_args *a, const struct mas_fit_data *d,
                         char *err)
{
    const char *sets[256 + MAS_FIT_MAX_SETS];
    int n = 0;
    for (int i = 0; i < a->sets.n && n < 256; i++)
        sets[n++] = a->sets.v[i];
    if (n < a->sets.n)
        return mas_fail(err, MAS_EINPUT, "more than 256 --set options");
    for (int k = 0; k < d->n_sets; k++)
        sets[n + k] = d->sets[k];
    int rc = mas_run_setup(r, a->scenario, NULL, sets, n + d->n_sets, err);
    if (rc != MAS_EINPUT || d->n_sets == 0)
        return rc;
    /* which line: the first whose prefix fails */
    for (int k = 0; k < d->n_sets; k++) {
        char msg[MAS_ERR_LEN];
        mas_run_free(r);
        if (mas_run_setup(r, a->scenario, NULL, sets, n + k + 1, msg) == MAS_OK)
            continue;
        const char *m = msg;
        size_t skip = strlen("--set ") + strlen(d->sets[k]) + 2;
        if (!strncmp(m, "--set ", 6) && strlen(m) > skip && !strncmp(m + 6, d->sets[k], strlen(d->sets[k])))
            m += skip;
        return mas_fail(err, MAS_EINPUT, "%s:%d:%d: # set: %s: %s", d->path, d->set_line[k],
                        d->set_col[k], d->sets[k], m);
    }
    return rc;
}

static int cmd_fit(void *args, int argc, char **argv)
{
    const struct fit_args *a = args;
    char err[MAS_ERR_LEN] = "";
    char *cmdline = mas_cli_join_args(argc, argv);
    int n = a->data.n;
    struct mas_run *runs = calloc((size_t)(n > 0 ? n : 1), sizeof *runs);
    struct mas_fit_data *data = calloc((size_t)(n > 0 ? n : 1), sizeof *data);
    struct mas_fit_result *res = calloc(1, sizeof *res);
    int rc = runs && data && res ? MAS_OK : mas_fail(err, MAS_EIO, "out of memory");
    if (rc == MAS_OK && n > MAS_FIT_MAX_PATIENTS)
        rc = mas_fail(err, MAS_EINPUT, "%d data files; at most %d patients in one fit", n,
                      MAS_FIT_MAX_PATIENTS);
    if (rc == MAS_OK)
        rc = mas_output_path_ok(a->out, err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(a->out, a->scenario, "the scenario", err);
    for (int p = 0; rc == MAS_OK && p < n; p++)
        rc = mas_output_distinct(a->out, a->data.v[p], "a data file", err);
    if (rc == MAS_OK)
        rc = mas_run_setup(&runs[0], a->scenario, NULL, a->sets.v, a->sets.n, err);
    if (rc == MAS_OK && !runs[0].sc.fit)
        rc = mas_fail(err, MAS_EINPUT, "%s: no fit: section (the parameters to estimate and "
                      "the observables; docs/fitting.md)", a->scenario);
    for (int p = 0; rc == MAS_OK && p < n; p++) {
        rc = mas_fit_data_read(a->data.v[p], runs[0].sc.fit, &runs[0].model, &data[p], err);
        for (int q = 0; rc == MAS_OK && q < p; q++)
            if (!strcmp(data[q].name, data[p].name))
                rc = mas_fail(err, MAS_EINPUT, "%s: patient '%s' twice (also %s); name them "
                              "with a '# patient: NAME' line", data[p].path, data[p].name,
                              data[q].path);
    }
    for (int p = 0; rc == MAS_OK && p < n; p++) {
        if (p == 0 && data[0].n_sets == 0)
            continue;                     /* the run read above */
        if (p == 0)
            mas_run_free(&runs[0]);
        rc = setup_patient(&runs[p], a, &data[p], err);
    }
    if (rc == MAS_OK) {
        for (int p = 0; p < n; p++)
            runs[p].command_line = cmdline;
        rc = mas_fit(runs, n, data, res, a->quiet ? NULL : stderr, err);
    }
    if (rc == MAS_OK)
        rc = mas_fit_h5_write(a->out, runs, data, res, err);
    if (rc == MAS_OK)
        for (int p = 0; p < n; p++)
            mas_run_print_warnings(&runs[p], stderr);
    if (rc == MAS_OK && !a->quiet) {
        mas_fit_print(stdout, runs[0].sc.fit, data, res);
        printf("  -> %s\n", a->out);
    }
    if (res)
        mas_fit_result_free(res);
    for (int p = 0; data && p < n; p++)
        mas_fit_data_free(&data[p]);
    for (int p = 0; runs && p < n; p++)
        mas_run_free(&runs[p]);
    free(res);
    free(data);
    free(runs);
    free(cmdline);
    return mas_cli_report(rc, err);
}

static const struct mas_cli_pos fit_pos[] = {
    {"SCENARIO", 1, 1, offsetof(struct fit_args, scenario),
     "a scenario with a fit: section (docs/fitting.md)"},
    {"DATA.csv", 1, 0, offsetof(struct fit_args, data),
     "the observations: day,observable,value,unit[,lloq] rows,\nor day and a column per "
     "observable under a unit row; several files: one patient\neach (per: patient "
     "parameters, # set: lines; docs/fitting.md)"},
};

static const struct mas_cli_opt fit_opts[] = {
    {{"-o", "--output"}, MAS_CLI_VALUE, "FIT.h5", offsetof(struct fit_args, out), NULL,
     MAS_CLI_REQUIRED, "the run at the estimate, with the fit in /fit (docs/output.md)"},
    {{"--set", NULL}, MAS_CLI_LIST, "NAME=VALUE", offsetof(struct fit_args, sets), NULL, 0,
     "change the scenario before fitting (as massim run --set)"},
    {{"-q", "--quiet"}, MAS_CLI_FLAG, NULL, offsetof(struct fit_args, quiet), NULL, 0,
     "print neither the progress nor the table"},
};

const struct mas_cli_verb mas_cli_fit = {
    "fit", "estimate parameters from a patient's observations (maximum likelihood)",
    fit_pos, MAS_CLI_COUNT(fit_pos), fit_opts, MAS_CLI_COUNT(fit_opts),
    "Minimises -2 log L with GSL's nonlinear least squares from the scenario's values\n"
    "and fit.starts Sobol points; prints estimates, standard errors, 95 % profile\n"
    "intervals (open ones flag parameters the data do not identify), correlations,\n"
    "AIC and BIC.  With several data files, one per patient: parameters with\n"
    "per: patient take a value per patient, the others one shared by all (fixed\n"
    "effects; no random-effects population model).  Exit status 2 for bad input\n"
    "(FILE:LINE:COL), 1 if no fit succeeded.\n",
    NULL, sizeof(struct fit_args), cmd_fit,
};
