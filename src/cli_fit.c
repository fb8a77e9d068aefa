/*
 * cli_fit.c — `massim fit SCENARIO DATA.csv -o FIT.h5`: estimate the
 * parameters of the scenario's `fit:` section from a patient's
 * observations (fit.c; docs/fitting.md).
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
    const char *scenario, *data, *out;
    struct mas_cli_list sets;
    int quiet;
};

static int cmd_fit(void *args, int argc, char **argv)
{
    const struct fit_args *a = args;
    char err[MAS_ERR_LEN] = "";
    char *cmdline = mas_cli_join_args(argc, argv);
    struct mas_run r;
    struct mas_fit_data data = { 0 };
    struct mas_fit_result res = { 0 };
    int rc = mas_output_path_ok(a->out, err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(a->out, a->scenario, "the scenario", err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(a->out, a->data, "the data file", err);
    memset(&r, 0, sizeof r);
    if (rc == MAS_OK)
        rc = mas_run_setup(&r, a->scenario, NULL, a->sets.v, a->sets.n, err);
    if (rc == MAS_OK && !r.sc.fit)
        rc = mas_fail(err, MAS_EINPUT, "%s: no fit: section (the parameters to estimate and "
                      "the observables; docs/fitting.md)", a->scenario);
    if (rc == MAS_OK)
        rc = mas_fit_data_read(a->data, r.sc.fit, &r.model, &data, err);
    if (rc == MAS_OK) {
        r.command_line = cmdline;
        rc = mas_fit(&r, &data, &res, a->quiet ? NULL : stderr, err);
    }
    if (rc == MAS_OK)
        rc = mas_fit_h5_write(a->out, &r, &data, &res, err);
    if (rc == MAS_OK)
        mas_run_print_warnings(&r, stderr);
    if (rc == MAS_OK && !a->quiet) {
        mas_fit_print(stdout, r.sc.fit, &data, &res);
        printf("  -> %s\n", a->out);
    }
    mas_fit_result_free(&res);
    mas_fit_data_free(&data);
    mas_run_free(&r);
    free(cmdline);
    return mas_cli_report(rc, err);
}

static const struct mas_cli_pos fit_pos[] = {
    {"SCENARIO", 1, 1, offsetof(struct fit_args, scenario),
     "a scenario with a fit: section (docs/fitting.md)"},
    {"DATA.csv", 1, 1, offsetof(struct fit_args, data),
     "the observations: day,observable,value,unit[,lloq] rows,\nor day and a column per "
     "observable under a unit row"},
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
    "AIC and BIC.  Exit status 2 for bad input (FILE:LINE:COL), 1 if no fit succeeded.\n",
    NULL, sizeof(struct fit_args), cmd_fit,
};
